using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Persistence;

/// <summary>Options for <c>dotnet ef</c> on a PostgreSQL context: generating migrations needs the provider, not a server.</summary>
internal static class PostgresDesignTime
{
    public static DbContextOptions<TContext> Options<TContext>(string schema) where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=agent_design", o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema))
            .Options;
}
