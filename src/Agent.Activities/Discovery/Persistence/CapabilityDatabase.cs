using Agent.Activities.Discovery.Persistence.PostgreSql;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Persistence;

/// <summary>
/// Opens contexts on the capability database — the file <see cref="DiscoveryOptions.DatabasePath"/>, or schema
/// <c>capabilities</c> of the shared PostgreSQL database — migrating it once on first use.
/// </summary>
public sealed class CapabilityDatabase(IOptions<DiscoveryOptions> options, IOptions<DatabaseOptions> database)
    : MigratedDatabase<CapabilityDbContext>(database.Value, options.Value.DatabasePath, PostgresCapabilityDbContext.Schema, "capability database", "Discovery:DatabasePath")
{
    /// <inheritdoc />
    protected override CapabilityDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresCapabilityDbContext(options) : new CapabilityDbContext((DbContextOptions<CapabilityDbContext>)options);
}
