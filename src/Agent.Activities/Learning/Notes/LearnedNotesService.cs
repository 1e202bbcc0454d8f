using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Notes;

/// <summary>What an update of the learned notes did.</summary>
/// <param name="Changed">Whether the notes file changed.</param>
/// <param name="FilePath">The notes file (it may not exist when nothing is learned).</param>
/// <param name="Items">How many items the block lists (0 = no block).</param>
/// <param name="Skipped">Why nothing was written although something might have been (disabled, broken markers); null otherwise.</param>
public sealed record LearnedNotesUpdate(bool Changed, string FilePath, int Items, string? Skipped = null);

/// <summary>
/// Keeps the learned notes of a repository checkout up to date: reads the knowledge base, renders the bounded block and
/// writes it into <see cref="LearnedNotesOptions.FileName"/> under the checkout. The cycle runs it in the task's worktree,
/// so the notes travel with the change: through the gates, in the approval's diff, in the one commit — or discarded.
/// </summary>
public sealed class LearnedNotesService(LearnedKnowledgeReader reader, IOptions<LearnedNotesOptions> options)
{
    private readonly LearnedNotesOptions _options = options.Value;

    /// <summary>Updates the notes file in <paramref name="checkout"/>, with what was learned in <paramref name="repository"/> (null: everywhere).</summary>
    /// <exception cref="DirectoryNotFoundException">The checkout does not exist.</exception>
    /// <exception cref="Persistence.KnowledgeStoreException">The knowledge base is not usable.</exception>
    /// <exception cref="LearnedNotesFileException">The notes file's markers are broken; nothing was written.</exception>
    public async Task<LearnedNotesUpdate> UpdateAsync(string checkout, string? repository = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkout);
        if (!Directory.Exists(checkout)) throw new DirectoryNotFoundException($"The checkout '{checkout}' does not exist; pass the task's worktree folder.");
        var path = Path.GetFullPath(Path.Combine(checkout, _options.FileName));
        if (!_options.Enabled) return new LearnedNotesUpdate(false, path, 0, "Learning:Notes:Enabled is false");
        var knowledge = await reader.ReadAsync(repository, cancellationToken).ConfigureAwait(false);
        var block = LearnedNotesRenderer.Render(knowledge, _options.MaxItems);
        var items = Math.Min(knowledge.SolvedErrors.Count, _options.MaxItems) + Math.Min(knowledge.AntiPatterns.Count, _options.MaxItems)
            + Math.Min(knowledge.WorkingApproaches.Count, _options.MaxItems);
        var changed = await LearnedNotesFile.WriteAsync(path, block, cancellationToken).ConfigureAwait(false);
        return new LearnedNotesUpdate(changed, path, items);
    }
}
