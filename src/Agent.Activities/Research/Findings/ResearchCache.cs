using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.Findings;

/// <summary>
/// Answers of outside sources in SQLite (<c>research_cache</c>), keyed by source and normalized question, reused for
/// <see cref="ExternalResearchOptions.CacheTtl"/>. Only complete answers are stored, so a source that was down is asked
/// again next time.
/// </summary>
public sealed class ResearchCache
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS research_cache (source TEXT NOT NULL, question TEXT NOT NULL, stored_at TEXT NOT NULL,
            findings TEXT NOT NULL, PRIMARY KEY (source, question));
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteSchemaFile _file;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _clock;

    /// <summary>Uses the configured file and time to live.</summary>
    public ResearchCache(IOptions<ExternalResearchOptions> options, TimeProvider clock)
    {
        _file = new SqliteSchemaFile(options.Value.CacheDatabasePath, Schema);
        _ttl = options.Value.CacheTtl;
        _clock = clock;
    }

    /// <summary>The stored findings of <paramref name="source"/> for <paramref name="query"/>, or null when none are fresh.</summary>
    public async Task<IReadOnlyList<Finding>?> GetAsync(string source, FindingQuery query, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero) return null;
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT stored_at, findings FROM research_cache WHERE source = $source AND question = $question";
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$question", Key(query));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        var storedAt = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        if (_clock.GetUtcNow() - storedAt >= _ttl) return null;
        return JsonSerializer.Deserialize<List<Finding>>(reader.GetString(1), Json);
    }

    /// <summary>Stores <paramref name="findings"/> as the answer of <paramref name="source"/> to <paramref name="query"/>.</summary>
    public Task PutAsync(string source, FindingQuery query, IReadOnlyList<Finding> findings, CancellationToken cancellationToken) =>
        PutManyAsync([(source, query, findings)], cancellationToken);

    /// <summary>Stores several answers in one transaction (filling a cache in bulk).</summary>
    internal async Task PutManyAsync(IEnumerable<(string Source, FindingQuery Query, IReadOnlyList<Finding> Findings)> answers, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero) return;
        await using var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var at = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var (source, query, findings) in answers)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO research_cache (source, question, stored_at, findings) VALUES ($source, $question, $at, $findings)
                ON CONFLICT (source, question) DO UPDATE SET stored_at = excluded.stored_at, findings = excluded.findings
                """;
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$question", Key(query));
            command.Parameters.AddWithValue("$at", at);
            command.Parameters.AddWithValue("$findings", JsonSerializer.Serialize(findings, Json));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Case and spacing do not make a different question.
    private static string Key(FindingQuery query) =>
        string.Join('\u001f',
            string.Join(' ', query.Text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            query.Repository?.ToLowerInvariant() ?? "",
            string.Join(' ', (query.Urls ?? []).Select(FindingUrl.Normalize)));
}
