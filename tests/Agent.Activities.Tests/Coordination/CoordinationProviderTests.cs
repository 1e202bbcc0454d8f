using Agent.Testing.Postgres;

namespace Agent.Activities.Tests.Coordination;

/// <summary>
/// The base of coordination contract tests that run on both providers: the SQLite subclass leaves the <c>Database</c>
/// section empty (coordination.db in the test's folder), the PostgreSQL one points it at a fresh database of its
/// class's real server for every test (the coordination tables then live in its <c>coordination</c> schema).
/// </summary>
public abstract class CoordinationProviderTests
{
    private IReadOnlyDictionary<string, string?> _database = new Dictionary<string, string?>();

    public TestContext TestContext { get; set; } = null!;

    /// <summary>The server of the PostgreSQL subclass; null on SQLite.</summary>
    private protected virtual PostgresServer? Server => null;

    /// <summary>Whether this run uses PostgreSQL.</summary>
    protected bool OnPostgres => Server is not null;

    [TestInitialize]
    public async Task ChooseDatabaseAsync()
    {
        if (Server is not { } server) return;
        _database = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await server.CreateDatabaseAsync("coordination", TestContext.CancellationToken),
        };
    }

    /// <summary>The <c>Database</c> settings of this run, with <paramref name="extra"/> settings added (theirs win).</summary>
    protected IReadOnlyDictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? extra = null) =>
        _database.Concat(extra ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>The <c>Database</c> options of this run.</summary>
    protected Agent.Workflows.Persistence.DatabaseOptions DatabaseOptions() => _database.Count == 0
        ? new()
        : new() { Provider = Agent.Workflows.Persistence.DatabaseProvider.PostgreSql, ConnectionString = _database["Database:ConnectionString"] };
}
