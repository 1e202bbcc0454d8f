using Agent.Activities.Research.Http;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.Findings;

/// <summary>The outcome of one search over several sources.</summary>
/// <param name="Findings">Ranked, de-duplicated, best first.</param>
/// <param name="Problems">One line per source that could not answer (down, too slow, over quota, not configured).</param>
/// <param name="CachedSources">The sources whose answer came from the cache.</param>
public sealed record SolutionSearch(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Problems, IReadOnlyList<string> CachedSources);

/// <summary>
/// Asks the outside sources in the given order (Stack Overflow, GitHub issues, documentation, web search), each answer
/// from the <see cref="ResearchCache"/> when it is fresh, and ranks the findings (<see cref="FindingRanker"/>). A
/// source that is down, slow or refuses the call becomes a line in <see cref="SolutionSearch.Problems"/>: research
/// degrades to what it has and never fails.
/// </summary>
public sealed class SolutionFinder(IEnumerable<IFindingSource> sources, ResearchCache cache, IOptions<ExternalResearchOptions> options)
{
    private readonly Dictionary<string, IFindingSource> _sources = sources.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The sources that can be named.</summary>
    public IReadOnlyCollection<string> SourceNames => _sources.Keys;

    /// <summary>Searches <paramref name="sourceNames"/> (in that order) for <paramref name="query"/>.</summary>
    /// <exception cref="ArgumentException">A name is no registered source.</exception>
    public async Task<SolutionSearch> SearchAsync(FindingQuery query, IReadOnlyList<string> sourceNames, CancellationToken cancellationToken)
    {
        var unknown = sourceNames.Where(n => !_sources.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown research source(s) {string.Join(", ", unknown)}; the sources are {string.Join(", ", SourceList.Known)}.", nameof(sourceNames));
        var max = options.Value.MaxFindings;
        var found = new List<Finding>();
        var problems = new List<string>();
        var cached = new List<string>();
        foreach (var source in sourceNames.Select(n => _sources[n]))
        {
            if (source.Unavailable is { } why)
            {
                problems.Add($"{source.Name}: {why}");
                continue;
            }
            if (await cache.GetAsync(source.Name, query, cancellationToken).ConfigureAwait(false) is { } hit)
            {
                found.AddRange(hit);
                cached.Add(source.Name);
                continue;
            }
            var answer = await AskAsync(source, query, max, cancellationToken).ConfigureAwait(false);
            found.AddRange(answer.Findings.Select(f => f with { Excerpt = Cut(f.Excerpt, options.Value.MaxExcerptChars) }));
            if (answer.Problem is { } problem) problems.Add($"{source.Name}: {problem}");
            else await cache.PutAsync(source.Name, query, answer.Findings, cancellationToken).ConfigureAwait(false);
        }
        return new SolutionSearch(FindingRanker.Rank(found, sourceNames, max), problems, cached);
    }

    private static async Task<SourceAnswer> AskAsync(IFindingSource source, FindingQuery query, int max, CancellationToken cancellationToken)
    {
        try
        {
            return await source.SearchAsync(query, max, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OutboundHttpException or TimeoutException
                                      or OperationCanceledException or Polly.Timeout.TimeoutRejectedException or System.Text.Json.JsonException or Octokit.ApiException)
        {
            return SourceAnswer.Failed(Describe(e));
        }
    }

    private static string Describe(Exception e) => e switch
    {
        Polly.Timeout.TimeoutRejectedException or TimeoutException or OperationCanceledException => $"no answer in time ({e.Message}); it is down or slow, so its findings are missing",
        HttpRequestException h => $"could not be reached ({h.Message}); check the network and its base address",
        System.Text.Json.JsonException => $"answered something that is not the expected JSON ({e.Message})",
        _ => e.Message,
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
