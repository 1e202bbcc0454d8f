using Microsoft.EntityFrameworkCore;
using Agent.Activities.Cycle;
using Microsoft.Extensions.Options;

namespace Agent.Activities.CycleStore;

/// <summary>Opens contexts on the cycle database (<see cref="CycleOptions.DatabasePath"/>), applying migrations once on first use.</summary>
public sealed class CycleDatabase(IOptions<CycleOptions> options)
    : MigratedSqliteDatabase<CycleDbContext>(options.Value.DatabasePath, "cycle database", "Cycle:DatabasePath")
{
    /// <inheritdoc />
    protected override CycleDbContext CreateContext(DbContextOptions<CycleDbContext> options) => new(options);
}
