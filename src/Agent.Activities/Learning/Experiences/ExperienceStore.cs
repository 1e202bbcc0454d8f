using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Experiences;

/// <summary>Experiences: one record per attempted task, the errors each one saw, and similarity search over them (full text: FTS5 on SQLite, tsvector on PostgreSQL).</summary>
public sealed class ExperienceStore(KnowledgeDatabase database)
{
    /// <summary>Experiences, newest first, optionally of one task type.</summary>
    public Task<IReadOnlyList<ExperienceRecord>> ListAsync(int take, string? taskType = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ExperienceRecord>>(async db =>
        {
            var query = db.Experiences.AsQueryable();
            if (taskType is not null) query = query.Where(e => e.TaskType == taskType);
            return await query.OrderByDescending(e => e.StartedAt).ThenBy(e => e.Id).Take(Math.Max(1, take)).ToListAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The <paramref name="k"/> past experiences most similar to <paramref name="text"/> (full-text rank over goal, gap, task type and description).</summary>
    public Task<IReadOnlyList<ExperienceRecord>> SimilarAsync(string text, int k, CancellationToken cancellationToken = default) =>
        database.ReadAsync(db => SimilarAsync(db, text, k, cancellationToken), cancellationToken);

    internal static async Task InsertAsync(KnowledgeDbContext db, ExperienceRecord experience, IEnumerable<ExperienceErrorRecord> errors, CancellationToken cancellationToken)
    {
        db.Experiences.Add(experience);
        foreach (var error in errors) db.ExperienceErrors.Add(error);
        // Saved now, inside the caller's transaction, so the pattern mining that follows sees this experience.
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    internal static async Task<IReadOnlyList<ExperienceRecord>> SimilarAsync(KnowledgeDbContext db, string text, int k, CancellationToken cancellationToken)
    {
        var terms = ErrorNormalizer.TermsOf(text);
        if (terms.Count == 0 || k <= 0) return [];
        var match = KnowledgeTextSearch.AnyOf(db, terms);
        var ids = new List<string>();
        await using (var command = await KnowledgeSql.CommandAsync(db, KnowledgeTextSearch.ExperienceIds(db),
                         cancellationToken, ("@match", match), ("@k", k)).ConfigureAwait(false))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetString(0));
        }
        var rows = await db.Experiences.Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ids.Select(id => rows.First(r => r.Id == id)).ToList();
    }

    /// <summary>The errors each of <paramref name="experienceIds"/> saw, with whether it fixed them.</summary>
    internal static async Task<ILookup<string, (ErrorRecord Error, bool Fixed)>> ErrorsOfAsync(KnowledgeDbContext db, IReadOnlyList<string> experienceIds, CancellationToken cancellationToken)
    {
        var rows = await (from x in db.ExperienceErrors
                          join e in db.Errors on x.ErrorId equals e.Id
                          where experienceIds.Contains(x.ExperienceId)
                          select new { x.ExperienceId, Error = e, x.Fixed }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToLookup(r => r.ExperienceId, r => (r.Error, r.Fixed));
    }
}
