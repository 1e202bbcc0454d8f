using Agent.Activities.Cycle;
using Agent.Activities.CycleStore.PostgreSql;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.CycleStore;

/// <summary>
/// Opens contexts on the cycle database — the file <see cref="CycleOptions.DatabasePath"/>, or schema <c>cycle</c> of the
/// shared PostgreSQL database — applying migrations once on first use.
/// </summary>
public sealed class CycleDatabase(IOptions<CycleOptions> options, IOptions<DatabaseOptions> database)
    : MigratedDatabase<CycleDbContext>(database.Value, options.Value.DatabasePath, PostgresCycleDbContext.Schema, "cycle database", "Cycle:DatabasePath")
{
    /// <inheritdoc />
    protected override CycleDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresCycleDbContext(options) : new CycleDbContext((DbContextOptions<CycleDbContext>)options);
}
