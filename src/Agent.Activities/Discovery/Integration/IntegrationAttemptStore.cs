using System.Globalization;
using System.Text.Json;
using Agent.Activities.Discovery.Integration.PostgreSql;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Integration attempts in the <c>integration_attempts</c> table of a SQLite file (<see cref="IntegrationOptions.AttemptsDatabasePath"/>)
/// or of schema <c>integration</c> on PostgreSQL: the searchable columns plus the whole attempt as JSON. Every outcome
/// change is an update of the same row.
/// </summary>
public sealed class IntegrationAttemptStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IntegrationDatabase _database;

    /// <summary>Uses the file of <see cref="IntegrationOptions.AttemptsDatabasePath"/>, or schema <c>integration</c> when <paramref name="database"/> says PostgreSQL.</summary>
    public IntegrationAttemptStore(IOptions<IntegrationOptions> options, IOptions<DatabaseOptions>? database = null) =>
        _database = new IntegrationDatabase(database?.Value ?? new DatabaseOptions(), options.Value.AttemptsDatabasePath);

    /// <summary>The database behind the store.</summary>
    public IntegrationDatabase Database => _database;

    /// <summary>Inserts or replaces <paramref name="attempt"/>.</summary>
    public Task SaveAsync(IntegrationAttempt attempt, CancellationToken cancellationToken = default) => _database.ReadAsync(s => s.ExecuteAsync("""
        INSERT INTO integration_attempts (id, server_name, name, target, outcome, reason, approval_id, created_at, updated_at, json)
        VALUES (@id, @server, @name, @target, @outcome, @reason, @approval, @created, @updated, @json)
        ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, approval_id = excluded.approval_id,
            updated_at = excluded.updated_at, json = excluded.json
        """, cancellationToken, ("@id", attempt.Id), ("@server", attempt.ServerName), ("@name", attempt.Name), ("@target", attempt.Target),
        ("@outcome", attempt.Outcome), ("@reason", attempt.Reason), ("@approval", attempt.ApprovalId),
        ("@created", attempt.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ("@updated", attempt.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("@json", JsonSerializer.Serialize(attempt, Json))), cancellationToken);

    /// <summary>The attempt with <paramref name="id"/>, or null.</summary>
    public async Task<IntegrationAttempt?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync(_ => "WHERE id = @p", id, cancellationToken)).FirstOrDefault();

    /// <summary>The attempt an approval decides, or null.</summary>
    public async Task<IntegrationAttempt?> FindByApprovalAsync(string approvalId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(_ => "WHERE approval_id = @p", approvalId, cancellationToken)).FirstOrDefault();

    /// <summary>The attempts a workflow instance made, newest first.</summary>
    public Task<IReadOnlyList<IntegrationAttempt>> ListForInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        QueryAsync(s => $"WHERE {s.JsonText("json", "'instanceId'")} = @p ORDER BY created_at DESC, rowid DESC", instanceId, cancellationToken);

    /// <summary>The latest attempts, newest first.</summary>
    public Task<IReadOnlyList<IntegrationAttempt>> ListRecentAsync(int take = 50, CancellationToken cancellationToken = default) =>
        QueryAsync(_ => "ORDER BY created_at DESC, rowid DESC LIMIT @p", take, cancellationToken);

    // rowid: SQLite's implicit insertion order, and PostgreSQL's identity column of the same name.
    private Task<IReadOnlyList<IntegrationAttempt>> QueryAsync(Func<SqlSession, string> where, object parameter, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<IntegrationAttempt>>(async s => await s.ListAsync($"SELECT json FROM integration_attempts {where(s)}",
            r => JsonSerializer.Deserialize<IntegrationAttempt>(r.GetString(0), Json)!, cancellationToken, ("@p", parameter)), cancellationToken);
}

/// <summary>The integration attempts' database: its SQLite file (by default the engine's <c>agent.db</c>) or schema <c>integration</c>.</summary>
public sealed class IntegrationDatabase(DatabaseOptions database, string path) : RawStoreDatabase<IntegrationAttemptsDbContext>(database,
    new SqlStoreSettings(path, PostgresIntegrationAttemptsDbContext.Schema, "integration attempts database", "Discovery:AttemptsDatabasePath"), "integration_attempts", """
        CREATE TABLE IF NOT EXISTS integration_attempts (
            id TEXT PRIMARY KEY, server_name TEXT, name TEXT, target TEXT NOT NULL, outcome TEXT NOT NULL,
            reason TEXT, approval_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS integration_attempts_created ON integration_attempts (created_at);
        """)
{
    /// <inheritdoc />
    protected override IntegrationAttemptsDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresIntegrationAttemptsDbContext(options) : new IntegrationAttemptsDbContext((DbContextOptions<IntegrationAttemptsDbContext>)options);
}
