using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>
/// Needs revealed by the knowledge base: errors recorded from Claude runs whose message or sample shows a missing tool
/// (<see cref="MissingToolText"/>). The missing tool's name (and the error text) is tagged with the taxonomy; each
/// error counts as often as it was seen. Errors that name nothing the taxonomy recognises are not evidence.
/// </summary>
public sealed class KnowledgeNeedSource(KnowledgeDatabase knowledge) : ICapabilityNeedSource
{
    private const int MaxErrors = 500;

    /// <inheritdoc />
    public async Task<IReadOnlyList<CapabilityNeed>> NeedsAsync(string? targetPath, CapabilityTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        var errors = await knowledge.ReadAsync(
            db => db.Errors.AsNoTracking()
                .Where(e => EF.Functions.Like(e.Message, "%tool%") || EF.Functions.Like(e.Sample, "%tool%"))
                .OrderByDescending(e => e.LastSeenAt)
                .Take(MaxErrors)
                .Select(e => new { e.Id, e.Message, e.Sample, e.Occurrences })
                .ToListAsync(cancellationToken),
            cancellationToken).ConfigureAwait(false);
        var needs = new List<CapabilityNeed>();
        foreach (var error in errors)
        {
            var text = $"{error.Message}\n{error.Sample}";
            var tags = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in MissingToolText.MissingTools(text))
            {
                // The name decides; the error text around it only helps when the name is a phrase ("web search").
                foreach (var tag in taxonomy.Tag(tool, null, null)) tags.Add(tag);
            }
            foreach (var tag in tags.Order(StringComparer.Ordinal))
            {
                var excerpt = error.Message.Length > 160 ? error.Message[..160] + "…" : error.Message;
                needs.Add(new CapabilityNeed(tag, NeedOrigin.FailedRun, $"error:{error.Id}", $"a run failed with \"{excerpt}\" (seen {error.Occurrences}×)", Math.Max(1, error.Occurrences)));
            }
        }
        return needs;
    }
}
