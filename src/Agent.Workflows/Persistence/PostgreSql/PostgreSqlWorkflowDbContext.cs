using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// The workflow database on PostgreSQL: the same tables, columns and indexes as <see cref="WorkflowDbContext"/>, all in
/// schema <see cref="Schema"/>. A separate type because EF Core binds migrations and the model snapshot to a context
/// type: deriving gives PostgreSQL its own migrations (namespace <c>Persistence.Migrations.PostgreSql</c>) in this
/// assembly, while the SQLite migrations and their history stay exactly as they were.
/// </summary>
public sealed class PostgreSqlWorkflowDbContext(DbContextOptions<PostgreSqlWorkflowDbContext> options) : WorkflowDbContext(options)
{
    /// <summary>The schema that holds every table of the workflow engine, the migrations history included.</summary>
    public const string Schema = "workflows";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        // SQLite assigns these ids as rowids; PostgreSQL needs an identity column for inserts that omit the id.
        modelBuilder.Entity<JournalRecord>().Property(x => x.Id).ValueGeneratedOnAdd().UseIdentityByDefaultColumn();
        modelBuilder.Entity<IncidentRecord>().Property(x => x.Id).ValueGeneratedOnAdd().UseIdentityByDefaultColumn();
    }
}
