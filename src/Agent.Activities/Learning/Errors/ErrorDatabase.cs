using System.Data.Common;
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
    private const int FrequentTerms = 2;
    private const int MaxRareDocs = 500;
    private const int Candidates = 20;
    // The raw sample is not part of a lookup's answer, so it is not read (it is the longest column).
    private const string ErrorColumns = "e.id, e.signature, e.kind, e.message, e.frames, e.terms, e.source, '' AS sample, e.occurrences, e.firstSeenAt, e.lastSeenAt";
    private readonly LearningOptions _options = options.Value;

    /// <summary>Records one occurrence of <paramref name="error"/> and returns the stored error's id.</summary>
    public Task<long> RecordAsync(ErrorObservation error, CancellationToken cancellationToken = default)
    {
        var normalized = ErrorNormalizer.Normalize(error);
        return database.WriteAsync(db => UpsertAsync(db, error, normalized, time.GetUtcNow(), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Records that <paramref name="description"/> resolved (or failed to resolve) error <paramref name="errorId"/>;
    /// returns the solution id. <paramref name="origin"/> names the merged commit that holds the fix: a solution without one
    /// is never offered or counted.
    /// </summary>
    public Task<long> RecordSolutionAsync(long errorId, string description, bool worked, bool byAgent, SolutionOrigin origin, string? experienceId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(description)) throw new LearningInputException("A solution needs a description of the change or prompt that resolved the error.");
        if (origin is null || string.IsNullOrWhiteSpace(origin.CommitId)) throw new LearningInputException("A solution needs the merged commit that holds the fix; give origin.commitId.");
        return database.WriteAsync(db => UpsertSolutionAsync(db, errorId, description, worked, byAgent, experienceId, time.GetUtcNow(), cancellationToken, origin), cancellationToken);
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
            VALUES (@signature, @kind, @message, @frames, @terms, @source, @sample, 1, @at, @at)
            ON CONFLICT (signature) DO UPDATE SET occurrences = errors.occurrences + 1, lastSeenAt = excluded.lastSeenAt
            RETURNING id, occurrences;
            """;
        var sample = raw.Text.Length > SampleLength ? raw.Text[..SampleLength] : raw.Text;
        long id;
        bool inserted;
        await using (var command = await KnowledgeSql.CommandAsync(db, sql, cancellationToken,
                         ("@signature", e.Signature), ("@kind", e.Kind), ("@message", e.Message), ("@frames", string.Join('\n', e.Frames)),
                         ("@terms", string.Join(' ', e.Terms)), ("@source", raw.Source), ("@sample", sample), ("@at", at.UtcTicks)).ConfigureAwait(false))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (id, inserted) = (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) == 1);
        }
        // Term counts change only when a new signature is stored; a repeat occurrence adds no document.
        if (inserted && e.Terms.Count > 0)
        {
            var values = string.Join(',', e.Terms.Select((_, i) => $"(@t{i}, 1)"));
            await KnowledgeSql.ExecuteAsync(db, $"INSERT INTO error_terms (term, docs) VALUES {values} ON CONFLICT (term) DO UPDATE SET docs = error_terms.docs + 1",
                cancellationToken, e.Terms.Select((t, i) => ($"@t{i}", (object?)t)).ToArray()).ConfigureAwait(false);
        }
        return id;
    }

    internal static async Task<long> UpsertSolutionAsync(KnowledgeDbContext db, long errorId, string description, bool worked, bool byAgent, string? experienceId, DateTimeOffset at,
        CancellationToken cancellationToken, SolutionOrigin origin)
    {
        const string sql = """
            INSERT INTO solutions (errorId, description, descriptionDigest, experienceId, successCount, failureCount, workedForAgent, createdAt, updatedAt, commitId, repository)
            VALUES (@errorId, @description, @digest, @experienceId, @success, @failure, @byAgent, @at, @at, @commit, @repository)
            ON CONFLICT (errorId, descriptionDigest) DO UPDATE SET
                successCount = solutions.successCount + excluded.successCount,
                failureCount = solutions.failureCount + excluded.failureCount,
                workedForAgent = solutions.workedForAgent OR excluded.workedForAgent,
                updatedAt = excluded.updatedAt
            RETURNING id;
            """;
        var text = description.Trim();
        return await KnowledgeSql.ScalarAsync(db, sql, cancellationToken,
            ("@errorId", errorId), ("@description", text), ("@digest", Digest.Sha256(text)), ("@experienceId", experienceId),
            ("@success", worked ? 1 : 0), ("@failure", worked ? 0 : 1), ("@byAgent", worked && byAgent), ("@at", at.UtcTicks),
            ("@commit", origin.CommitId), ("@repository", origin.Repository)).ConfigureAwait(false);
    }

    /// <summary>Adds one success or failure to an existing solution (a stored fix that was applied again).</summary>
    internal static Task<int> CountOutcomeAsync(KnowledgeDbContext db, long solutionId, bool worked, bool byAgent, DateTimeOffset at, CancellationToken cancellationToken) =>
        KnowledgeSql.ExecuteAsync(db, worked
                ? "UPDATE solutions SET successCount = successCount + 1, workedForAgent = workedForAgent OR @byAgent, updatedAt = @at WHERE id = @id"
                : "UPDATE solutions SET failureCount = failureCount + 1, updatedAt = @at WHERE id = @id",
            cancellationToken, ("@id", solutionId), ("@byAgent", byAgent), ("@at", at.UtcTicks));

    internal async Task<IReadOnlyList<ErrorMatch>> LookupAsync(KnowledgeDbContext db, NormalizedError e, CancellationToken cancellationToken)
    {
        var hits = new List<(ErrorRecord Error, ErrorMatchKind Kind, double Score)>();
        ErrorRecord? exact = null;
        await using (var command = await KnowledgeSql.CommandAsync(db, $"SELECT {ErrorColumns} FROM errors e WHERE e.signature = @signature", cancellationToken, ("@signature", e.Signature)).ConfigureAwait(false))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) exact = ReadError(reader);
        }
        if (exact is not null) hits.Add((exact, ErrorMatchKind.Exact, 1.0));
        foreach (var similar in await SimilarAsync(db, e, exact?.Id, cancellationToken).ConfigureAwait(false)) hits.Add(similar);
        if (hits.Count == 0) return [];
        var solutions = await SolutionsAsync(db, hits.Select(h => h.Error.Id).ToList(), _options.SolutionsPerError, cancellationToken).ConfigureAwait(false);
        return hits.Select(h => new ErrorMatch(ToKnown(h.Error), h.Kind, h.Score, solutions.GetValueOrDefault(h.Error.Id) ?? [])).ToList();
    }

    // Candidates come from two cheap full-text queries (FTS5 on SQLite, a GIN tsvector index on PostgreSQL: KnowledgeTextSearch). Rare words (together in at most MaxRareDocs stored errors) say most
    // about which error this is: they are OR-ed and the best by FTS5 rank (bm25) taken. The frequent words (the error's
    // template) are AND-ed and the newest matches taken in rowid order, which FTS5 streams without scoring every match
    // (bm25 over a word found in most errors would cost more than the whole lookup may). Each candidate then scores half
    // its word overlap (Jaccard) and half the share of the query's words it holds weighted by rarity, 1 / ln(2 + errors
    // holding the word) — bm25's idea of which words matter, computed from the term counts.
    private async Task<IReadOnlyList<(ErrorRecord, ErrorMatchKind, double)>> SimilarAsync(KnowledgeDbContext db, NormalizedError e, long? excludeId, CancellationToken cancellationToken)
    {
        var counts = await TermCountsAsync(db, e.Terms, cancellationToken).ConfigureAwait(false);
        var rare = new List<string>();
        long rareDocs = 0;
        foreach (var (term, docs) in counts)
        {
            if (rare.Count == QueryTerms || rareDocs + docs > MaxRareDocs) break;
            rare.Add(term);
            rareDocs += docs;
        }
        var frequent = counts.Select(c => c.Term).Except(rare).Take(FrequentTerms).ToList();
        var found = new List<ErrorRecord>();
        if (rare.Count > 0)
            found.AddRange(await CandidatesAsync(db, KnowledgeTextSearch.AnyOf(db, rare), ranked: true, cancellationToken).ConfigureAwait(false));
        if (frequent.Count > 0)
            found.AddRange(await CandidatesAsync(db, KnowledgeTextSearch.AllOf(db, frequent), ranked: false, cancellationToken).ConfigureAwait(false));
        var wanted = e.Terms.ToHashSet(StringComparer.Ordinal);
        var weights = counts.ToDictionary(c => c.Term, c => 1 / Math.Log(2 + c.Docs), StringComparer.Ordinal);
        var totalWeight = weights.Values.Sum();
        return found
            .Where(f => f.Id != excludeId)
            .DistinctBy(f => f.Id)
            .Select(f => (Record: f, Terms: f.Terms.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Select(f => (f.Record, Overlap: Jaccard(wanted, f.Terms), Weighted: totalWeight == 0 ? 0 : f.Terms.Sum(t => weights.GetValueOrDefault(t)) / totalWeight))
            .Where(f => f.Overlap >= _options.SimilarErrorMinOverlap)
            .Select(f => (f.Record, ErrorMatchKind.Similar, Score: 0.5 * f.Overlap + 0.5 * f.Weighted))
            .OrderByDescending(f => f.Score).ThenBy(f => f.Record.Id)
            .Take(_options.SimilarErrorCount)
            .ToList();
    }

    /// <summary>Up to <see cref="Candidates"/> errors matching the full-text query <paramref name="match"/>, best ranked or newest first.</summary>
    private static async Task<IReadOnlyList<ErrorRecord>> CandidatesAsync(KnowledgeDbContext db, string match, bool ranked, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {ErrorColumns}
            FROM ({KnowledgeTextSearch.ErrorIds(db, ranked)}) AS f
            JOIN errors e ON e.id = f.rowid
            """;
        var found = new List<ErrorRecord>();
        await using var command = await KnowledgeSql.CommandAsync(db, sql, cancellationToken, ("@match", match), ("@limit", Candidates)).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add(ReadError(reader));
        return found;
    }

    /// <summary>The query's terms that occur in stored errors, rarest first.</summary>
    private static async Task<IReadOnlyList<(string Term, long Docs)>> TermCountsAsync(KnowledgeDbContext db, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        if (terms.Count == 0) return [];
        var (list, parameters) = KnowledgeSql.InList(terms);
        var counts = new List<(string Term, long Docs)>();
        await using var command = await KnowledgeSql.CommandAsync(db, $"SELECT term, docs FROM error_terms WHERE term IN ({list}) AND docs > 0", cancellationToken, parameters).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) counts.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        return counts.OrderBy(c => c.Docs).ThenBy(c => c.Term, StringComparer.Ordinal).ToList();
    }

    internal static async Task<IReadOnlyDictionary<long, IReadOnlyList<KnownSolution>>> SolutionsAsync(KnowledgeDbContext db, IReadOnlyList<long> errorIds, int perError, CancellationToken cancellationToken)
    {
        if (errorIds.Count == 0) return new Dictionary<long, IReadOnlyList<KnownSolution>>();
        var (list, parameters) = KnowledgeSql.InList(errorIds.Distinct().ToList());
        var rows = new List<KnownSolution>();
        await using (var command = await KnowledgeSql.CommandAsync(db,
                         $"SELECT id, errorId, description, successCount, failureCount, workedForAgent, experienceId, createdAt, commitId, repository FROM solutions WHERE errorId IN ({list}) AND {KnowledgeFilters.UsableSolutionSql}",
                         cancellationToken, parameters).ConfigureAwait(false))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                rows.Add(new KnownSolution(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetBoolean(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero))
                {
                    CommitId = reader.IsDBNull(8) ? null : reader.GetString(8), Repository = reader.IsDBNull(9) ? null : reader.GetString(9),
                });
        }
        return rows.GroupBy(s => s.ErrorId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<KnownSolution>)g.OrderByDescending(s => s.Score).ThenByDescending(s => s.SuccessCount).ThenBy(s => s.Id).Take(perError).ToList());
    }

    private static double Jaccard(HashSet<string> wanted, string[] stored)
    {
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
        new(s.Id, s.ErrorId, s.Description, s.SuccessCount, s.FailureCount, s.WorkedForAgent, s.ExperienceId, s.CreatedAt) { CommitId = s.CommitId, Repository = s.Repository };
}
