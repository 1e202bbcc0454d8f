using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Persistence;

/// <summary>Opens contexts on the capability database (<see cref="DiscoveryOptions.DatabasePath"/>), migrating it once on first use.</summary>
public sealed class CapabilityDatabase(IOptions<DiscoveryOptions> options)
    : MigratedSqliteDatabase<CapabilityDbContext>(options.Value.DatabasePath, "capability database", "Discovery:DatabasePath")
{
    /// <inheritdoc />
    protected override CapabilityDbContext CreateContext(DbContextOptions<CapabilityDbContext> options) => new(options);
}
