using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Coordination.Persistence;

/// <summary>
/// The coordination database on PostgreSQL: the same model in schema <see cref="Schema"/>, owning the PostgreSQL
/// migrations (<c>Coordination/Persistence/PostgreSql/Migrations</c>). Text columns use the <c>C</c> collation, so
/// ordering and comparing ids and times is byte order, as SQLite's default BINARY collation does.
/// </summary>
public sealed class PostgresCoordinationDbContext(DbContextOptions options) : CoordinationDbContext(options)
{
    /// <summary>The schema of the coordination tables.</summary>
    public const string Schema = "coordination";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
                property.SetCollation("C");
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context (<c>scripts/dev/add-migration.sh PostgresCoordinationDbContext NAME</c>).</summary>
internal sealed class PostgresCoordinationDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCoordinationDbContext>
{
    public PostgresCoordinationDbContext CreateDbContext(string[] args) =>
        new(PostgresDesignTime.Options<PostgresCoordinationDbContext>(PostgresCoordinationDbContext.Schema));
}
