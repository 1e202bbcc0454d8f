using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;

namespace Agent.Activities.Tests.Persistence;

/// <summary>
/// The database a raw-store contract test runs on: SQLite (the default <see cref="DatabaseOptions"/>, the store's own
/// file in the test folder) or a fresh database on the test class's real PostgreSQL server.
/// </summary>
internal static class RawStoreProviders
{
    /// <summary>SQLite: each store uses the file it is given.</summary>
    public static Task<DatabaseOptions> SqliteAsync() => Task.FromResult(new DatabaseOptions());

    /// <summary>A fresh PostgreSQL database on <paramref name="server"/> (each store in its own schema of it).</summary>
    public static async Task<DatabaseOptions> PostgresAsync(PostgresServer? server, CancellationToken cancellationToken) => new()
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = await (server ?? throw new InvalidOperationException("The PostgreSQL server of this test class did not start; see the class initialize error."))
            .CreateDatabaseAsync("raw", cancellationToken),
    };
}
