using System.Globalization;
using System.Text.Json;
using Agent.Activities.Persistence;
using Agent.Activities.Research.Findings.PostgreSql;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.Findings;

/// <summary>
/// Answers of outside sources (<c>research_cache</c> in a SQLite file, or schema <c>research</c> on PostgreSQL), keyed by
/// source and normalized question, reused for <see cref="ExternalResearchOptions.CacheTtl"/>. Only complete answers are
/// stored, so a source that was down is asked again next time.
/// </summary>
public sealed class ResearchCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ResearchDatabase _database;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _clock;

    /// <summary>Uses the configured file, or schema <c>research</c> when <paramref name="database"/> says PostgreSQL, and time to live.</summary>
    public ResearchCache(IOptions<ExternalResearchOptions> options, TimeProvider clock, IOptions<DatabaseOptions>? database = null)
    {
        _database = new ResearchDatabase(database?.Value ?? new DatabaseOptions(), options.Value.CacheDatabasePath);
        _ttl = options.Value.CacheTtl;
        _clock = clock;
    }

    /// <summary>The database behind the cache.</summary>
    public ResearchDatabase Database => _database;

    /// <summary>The stored findings of <paramref name="source"/> for <paramref name="query"/>, or null when none are fresh.</summary>
    public async Task<IReadOnlyList<Finding>?> GetAsync(string source, FindingQuery query, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero) return null;
        var rows = await _database.ReadAsync(s => s.ListAsync("SELECT stored_at, findings FROM research_cache WHERE source = @source AND question = @question",
            r => (StoredAt: DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture), Findings: r.GetString(1)), cancellationToken,
            ("@source", source), ("@question", Key(query))), cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0 || _clock.GetUtcNow() - rows[0].StoredAt >= _ttl) return null;
        return JsonSerializer.Deserialize<List<Finding>>(rows[0].Findings, Json);
    }

    /// <summary>Stores <paramref name="findings"/> as the answer of <paramref name="source"/> to <paramref name="query"/>.</summary>
    public Task PutAsync(string source, FindingQuery query, IReadOnlyList<Finding> findings, CancellationToken cancellationToken) =>
        PutManyAsync([(source, query, findings)], cancellationToken);

    /// <summary>Stores several answers in one transaction (filling a cache in bulk).</summary>
    internal async Task PutManyAsync(IEnumerable<(string Source, FindingQuery Query, IReadOnlyList<Finding> Findings)> answers, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero) return;
        var at = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await _database.WriteAsync(async s =>
        {
            foreach (var (source, query, findings) in answers)
                await s.ExecuteAsync("""
                    INSERT INTO research_cache (source, question, stored_at, findings) VALUES (@source, @question, @at, @findings)
                    ON CONFLICT (source, question) DO UPDATE SET stored_at = excluded.stored_at, findings = excluded.findings
                    """, cancellationToken, ("@source", source), ("@question", Key(query)), ("@at", at), ("@findings", JsonSerializer.Serialize(findings, Json))).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    // Case and spacing do not make a different question.
    private static string Key(FindingQuery query) =>
        string.Join('\u001f',
            string.Join(' ', query.Text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            query.Repository?.ToLowerInvariant() ?? "",
            string.Join(' ', (query.Urls ?? []).Select(FindingUrl.Normalize)));
}

/// <summary>The research cache's database: its SQLite file (<c>research.db</c>) or schema <c>research</c>.</summary>
public sealed class ResearchDatabase(DatabaseOptions database, string path) : RawStoreDatabase<ResearchCacheDbContext>(database,
    new SqlStoreSettings(path, PostgresResearchCacheDbContext.Schema, "research cache", "Research:CacheDatabasePath"), "research_cache", """
        CREATE TABLE IF NOT EXISTS research_cache (source TEXT NOT NULL, question TEXT NOT NULL, stored_at TEXT NOT NULL,
            findings TEXT NOT NULL, PRIMARY KEY (source, question));
        """)
{
    /// <inheritdoc />
    protected override ResearchCacheDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresResearchCacheDbContext(options) : new ResearchCacheDbContext((DbContextOptions<ResearchCacheDbContext>)options);
}
