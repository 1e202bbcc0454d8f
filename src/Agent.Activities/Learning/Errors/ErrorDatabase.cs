using System.Data.Common;
using System.Globalization;
using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Errors;

/// <summary>
/// The error database: errors stored under their normalized signature, their solutions with success and failure
/// counts, and the lookup that finds, for a new error, the same one (exact signature) and similar ones (FTS5 rank plus
/// word overlap) with their best solutions.
/// </summary>
public sealed class ErrorDatabase(KnowledgeDatabase database, IOptions<LearningOptions> options, TimeProvider time)
{
    private const int SampleLength = 2000;
    private const int QueryTerms = 8;
    private const int Candidates = 40;
    private readonly LearningOptions _options = options.Value;

    /// <summary>Records one occurrence of <paramref name="error"/> and returns the stored error's id.</summary>
    public Task<long> RecordAsync(ErrorObservation error, CancellationToken cancellationToken = default)
    {
        var normalized = ErrorNormalizer.Normalize(error);
        return database.WriteAsync(db => UpsertAsync(db, error, normalized, time.GetUtcNow(), cancellationToken), cancellationToken);
    }

    /// <summary>Records that <paramref name="description"/> resolved (or failed to resolve) error <paramref name="errorId"/>; returns the solution id.</summary>
    public Task<long> RecordSolutionAsync(long errorId, string description, bool worked, bool byAgent, string? experienceId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(description)) throw new LearningInputException("A solution needs a description of the change or prompt that resolved the error.");
        return database.WriteAsync(db => UpsertSolutionAsync(db, errorId, description, worked, byAgent, experienceId, time.GetUtcNow(), cancellationToken), cancellationToken);
    }

    /// <summary>The same error (exact signature) first, then up to <see cref="LearningOptions.SimilarErrorCount"/> similar ones, each with its best solutions.</summary>
    public Task<IReadOnlyList<ErrorMatch>> LookupAsync(ErrorObservation error, CancellationToken cancellationToken = default)
    {
        var normalized = ErrorNormalizer.Normalize(error);
        return database.ReadAsync(db => LookupAsync(db, normalized, cancellationToken), cancellationToken);
    }

    /// <summary>Stored errors, most recently seen first.</summary>
    public Task<IReadOnlyList<KnownError>> ListAsync(int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<KnownError>>(async db =>
            (await db.Errors.OrderByDescending(e => e.LastSeenAt).ThenByDescending(e => e.Id).Take(Math.Max(1, take)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(ToKnown).ToList(), cancellationToken);

    /// <summary>The solutions of the given errors, best first per error.</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<KnownSolution>>> SolutionsAsync(IReadOnlyList<long> errorIds, CancellationToken cancellationToken = default) =>
        database.ReadAsync(db => SolutionsAsync(db, errorIds, int.MaxValue, cancellationToken), cancellationToken);

    internal static async Task<long> UpsertAsync(KnowledgeDbContext db, ErrorObservation raw, NormalizedError e, DateTimeOffset at, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO errors (signature, kind, message, frames, terms, source, sample, occurrences, firstSeenAt, lastSeenAt)
            VALUES ($signature, $kind, $message, $frames, $terms, $source, $sample, 1, $at, $at)
            ON CONFLICT (signature) DO UPDATE SET occurrences = occurrences + 1, lastSeenAt = excluded.lastSeenAt
            RETURNING id;
            """;
        var sample = raw.Text.Length > SampleLength ? raw.Text[..SampleLength] : raw.Text;
        return await KnowledgeSql.ScalarAsync(db, sql, cancellationToken,
            ("$signature", e.Signature), ("$kind", e.Kind), ("$message", e.Message), ("$frames", string.Join('\n', e.Frames)),
            ("$terms", string.Join(' ', e.Terms)), ("$source", raw.Source), ("$sample", sample), ("$at", at.UtcTicks)).ConfigureAwait(false);
    }

    internal static async Task<long> UpsertSolutionAsync(KnowledgeDbContext db, long errorId, string description, bool worked, bool byAgent, string? experienceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO solutions (errorId, description, descriptionDigest, experienceId, successCount, failureCount, workedForAgent, createdAt, updatedAt)
            VALUES ($errorId, $description, $digest, $experienceId, $success, $failure, $byAgent, $at, $at)
            ON CONFLICT (errorId, descriptionDigest) DO UPDATE SET
                successCount = successCount + excluded.successCount,
                failureCount = failureCount + excluded.failureCount,
                workedForAgent = workedForAgent OR excluded.workedForAgent,
                updatedAt = excluded.updatedAt
            RETURNING id;
            """;
        var text = description.Trim();
        return await KnowledgeSql.ScalarAsync(db, sql, cancellationToken,
            ("$errorId", errorId), ("$description", text), ("$digest", Digest.Sha256(text)), ("$experienceId", experienceId),
            ("$success", worked ? 1 : 0), ("$failure", worked ? 0 : 1), ("$byAgent", worked && byAgent), ("$at", at.UtcTicks)).ConfigureAwait(false);
    }

    /// <summary>Adds one success or failure to an existing solution (a stored fix that was applied again).</summary>
    internal static Task<int> CountOutcomeAsync(KnowledgeDbContext db, long solutionId, bool worked, bool byAgent, DateTimeOffset at, CancellationToken cancellationToken) =>
        KnowledgeSql.ExecuteAsync(db, worked
                ? "UPDATE solutions SET successCount = successCount + 1, workedForAgent = workedForAgent OR $byAgent, updatedAt = $at WHERE id = $id"
                : "UPDATE solutions SET failureCount = failureCount + 1, updatedAt = $at WHERE id = $id",
            cancellationToken, ("$id", solutionId), ("$byAgent", byAgent), ("$at", at.UtcTicks));

    internal async Task<IReadOnlyList<ErrorMatch>> LookupAsync(KnowledgeDbContext db, NormalizedError e, CancellationToken cancellationToken)
    {
        var hits = new List<(ErrorRecord Error, ErrorMatchKind Kind, double Score)>();
        var exact = await db.Errors.FirstOrDefaultAsync(x => x.Signature == e.Signature, cancellationToken).ConfigureAwait(false);
        if (exact is not null) hits.Add((exact, ErrorMatchKind.Exact, 1.0));
        foreach (var similar in await SimilarAsync(db, e, exact?.Id, cancellationToken).ConfigureAwait(false)) hits.Add(similar);
        if (hits.Count == 0) return [];
        var solutions = await SolutionsAsync(db, hits.Select(h => h.Error.Id).ToList(), _options.SolutionsPerError, cancellationToken).ConfigureAwait(false);
        return hits.Select(h => new ErrorMatch(ToKnown(h.Error), h.Kind, h.Score, solutions.GetValueOrDefault(h.Error.Id) ?? [])).ToList();
    }

    private async Task<IReadOnlyList<(ErrorRecord, ErrorMatchKind, double)>> SimilarAsync(KnowledgeDbContext db, NormalizedError e, long? excludeId, CancellationToken cancellationToken)
    {
        var queryTerms = await RarestTermsAsync(db, e.Terms, cancellationToken).ConfigureAwait(false);
        if (queryTerms.Count == 0) return [];
        // Rare words first: they say most about which error this is, and keep the FTS5 match set small.
        var match = string.Join(" OR ", queryTerms.Select(t => '"' + t + '"'));
        const string sql = """
            SELECT e.id, e.signature, e.kind, e.message, e.frames, e.terms, e.source, e.sample, e.occurrences, e.firstSeenAt, e.lastSeenAt, f.rank
            FROM (SELECT rowid, rank FROM errors_fts WHERE errors_fts MATCH $match ORDER BY rank LIMIT $limit) AS f
            JOIN errors e ON e.id = f.rowid
            """;
        var found = new List<(ErrorRecord Record, double Rank)>();
        await using (var command = await KnowledgeSql.CommandAsync(db, sql, cancellationToken, ("$match", match), ("$limit", Candidates)).ConfigureAwait(false))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add((ReadError(reader), reader.GetDouble(11)));
        }
        if (found.Count == 0) return [];
        var best = found.Min(f => f.Rank); // bm25 ranks are negative; the most negative is the best.
        var wanted = e.Terms.ToHashSet(StringComparer.Ordinal);
        return found
            .Where(f => f.Record.Id != excludeId)
            .Select(f => (f.Record, Overlap: Jaccard(wanted, f.Record.Terms), RankScore: best < 0 ? f.Rank / best : 1.0))
            .Where(f => f.Overlap >= _options.SimilarErrorMinOverlap)
            .Select(f => (f.Record, ErrorMatchKind.Similar, Score: 0.5 * f.Overlap + 0.5 * f.RankScore))
            .OrderByDescending(f => f.Score).ThenBy(f => f.Record.Id)
            .Take(_options.SimilarErrorCount)
            .ToList();
    }

    private static async Task<IReadOnlyList<string>> RarestTermsAsync(KnowledgeDbContext db, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        if (terms.Count == 0) return [];
        var (list, parameters) = KnowledgeSql.InList(terms);
        var counts = new List<(string Term, long Docs)>();
        await using var command = await KnowledgeSql.CommandAsync(db, $"SELECT term, doc FROM errors_vocab WHERE term IN ({list})", cancellationToken, parameters).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) counts.Add((reader.GetString(0), reader.GetInt64(1)));
        return counts.OrderBy(c => c.Docs).ThenBy(c => c.Term, StringComparer.Ordinal).Take(QueryTerms).Select(c => c.Term).ToList();
    }

    internal static async Task<IReadOnlyDictionary<long, IReadOnlyList<KnownSolution>>> SolutionsAsync(KnowledgeDbContext db, IReadOnlyList<long> errorIds, int perError, CancellationToken cancellationToken)
    {
        if (errorIds.Count == 0) return new Dictionary<long, IReadOnlyList<KnownSolution>>();
        var rows = await db.Solutions.Where(s => errorIds.Contains(s.ErrorId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToKnown).GroupBy(s => s.ErrorId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<KnownSolution>)g.OrderByDescending(s => s.Score).ThenByDescending(s => s.SuccessCount).ThenBy(s => s.Id).Take(perError).ToList());
    }

    private static double Jaccard(HashSet<string> wanted, string storedTerms)
    {
        var stored = storedTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var common = stored.Count(wanted.Contains);
        var union = wanted.Count + stored.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    private static ErrorRecord ReadError(DbDataReader r) => new()
    {
        Id = r.GetInt64(0), Signature = r.GetString(1), Kind = r.GetString(2), Message = r.GetString(3), Frames = r.GetString(4),
        Terms = r.GetString(5), Source = r.GetString(6), Sample = r.GetString(7), Occurrences = r.GetInt32(8),
        FirstSeenAt = new DateTimeOffset(r.GetInt64(9), TimeSpan.Zero), LastSeenAt = new DateTimeOffset(r.GetInt64(10), TimeSpan.Zero),
    };

    internal static KnownError ToKnown(ErrorRecord e) => new(e.Id, e.Kind, e.Message, e.Signature, e.Source, e.Occurrences, e.FirstSeenAt, e.LastSeenAt);

    internal static KnownSolution ToKnown(SolutionRecord s) =>
        new(s.Id, s.ErrorId, s.Description, s.SuccessCount, s.FailureCount, s.WorkedForAgent, s.ExperienceId, s.CreatedAt);

    internal static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
