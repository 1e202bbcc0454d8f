using Agent.Activities.Research.Findings;

namespace Agent.Activities.Research.Docs;

/// <summary>
/// Documentation pages the problem names (compilers print help links with their errors): each page is fetched and the
/// section that shares most words with the problem becomes the excerpt, with the page's API signatures.
/// </summary>
public sealed class DocsSource(DocFetcher fetcher, TimeProvider clock) : IFindingSource
{
    /// <inheritdoc />
    public string Name => SourceList.Docs;

    /// <inheritdoc />
    public string? Unavailable => null;

    /// <inheritdoc />
    public async Task<SourceAnswer> SearchAsync(FindingQuery query, int max, CancellationToken cancellationToken)
    {
        var urls = (query.Urls ?? []).Where(FindingUrl.IsHttp).Take(max).ToList();
        var findings = new List<Finding>();
        var problems = new List<string>();
        for (var i = 0; i < urls.Count; i++)
        {
            try
            {
                var page = await fetcher.FetchAsync(new Uri(urls[i]), cancellationToken).ConfigureAwait(false);
                findings.Add(new Finding(Name, page.Title, page.Url, Excerpt(page, query.Text), 1.0 - (double)i / urls.Count, clock.GetUtcNow()));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or Http.OutboundHttpException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException)
            {
                problems.Add($"{urls[i]}: {e.Message}");
            }
        }
        return new SourceAnswer(findings, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>The section of <paramref name="page"/> sharing most words with <paramref name="question"/>, plus its signatures.</summary>
    public static string Excerpt(DocPage page, string question)
    {
        var words = question.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).ToHashSet();
        var best = page.Sections.Where(s => s.Text.Length > 0)
            .OrderByDescending(s => words.Count(w => (s.Heading + " " + s.Text).Contains(w, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault();
        var text = best is null ? "" : (best.Heading.Length > 0 ? best.Heading + ": " : "") + best.Text;
        if (page.Signatures.Count > 0) text += "\nSignatures: " + string.Join("; ", page.Signatures.Take(5));
        return text.Trim();
    }
}
