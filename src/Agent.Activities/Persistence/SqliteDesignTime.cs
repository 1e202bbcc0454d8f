using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Persistence;

/// <summary>
/// Options for <c>dotnet ef</c> on a SQLite context: generating migrations needs the provider and a file name, never a
/// real store, so each context gets its own scratch file in the temp folder.
/// </summary>
internal static class SqliteDesignTime
{
    /// <summary>Options on <c>agent-{name}-design.db</c> in the temp folder.</summary>
    public static DbContextOptions<TContext> Options<TContext>(string name) where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"agent-{name}-design.db")}")
            .Options;
}
