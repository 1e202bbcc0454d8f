using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Schedule.PostgreSql;

/// <summary>The schedule state on PostgreSQL: the same model in schema <see cref="Schema"/>, with its own migrations (EF ties a migrations set to one context type).</summary>
public sealed class PostgresScheduleDbContext(DbContextOptions options) : ScheduleDbContext(options)
{
    /// <summary>The schema of the schedule state.</summary>
    public const string Schema = "schedule";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        PostgresTextOrder.UseByteOrder(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context.</summary>
internal sealed class PostgresScheduleDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresScheduleDbContext>
{
    public PostgresScheduleDbContext CreateDbContext(string[] args) => new(PostgresDesignTime.Options<PostgresScheduleDbContext>(PostgresScheduleDbContext.Schema));
}
