namespace Agent.Activities.Research.Findings;

/// <summary>One piece of outside knowledge about a problem, with where it came from and when.</summary>
/// <param name="Source">The source's name: <c>stackoverflow</c>, <c>github</c>, <c>docs</c> or <c>web</c>.</param>
/// <param name="Title">The page's or question's title.</param>
/// <param name="Url">The address to cite.</param>
/// <param name="Excerpt">The part that answers the question (an accepted answer, an issue's text, a doc section), as text.</param>
/// <param name="Score">Relevance 0..1; the solution finder weighs it by the source's rank.</param>
/// <param name="RetrievedAt">When the source was asked (a cached finding keeps its original time).</param>
public sealed record Finding(string Source, string Title, string Url, string Excerpt, double Score, DateTimeOffset RetrievedAt);

/// <summary>What a finding source is asked.</summary>
/// <param name="Text">The question: an error message or a short description.</param>
/// <param name="Repository">A GitHub repository (<c>owner/name</c>) the problem belongs to, if known.</param>
/// <param name="Urls">Addresses named in the problem (help links in compiler errors), for the documentation source.</param>
public sealed record FindingQuery(string Text, string? Repository = null, IReadOnlyList<string>? Urls = null);

/// <summary>A source's answer: its findings, or why it had none (down, too slow, over its quota, not configured).</summary>
/// <param name="Findings">The findings, best first.</param>
/// <param name="Problem">Why the source could not answer fully, or null.</param>
public sealed record SourceAnswer(IReadOnlyList<Finding> Findings, string? Problem = null)
{
    /// <summary>An answer with no findings because of <paramref name="problem"/>.</summary>
    public static SourceAnswer Failed(string problem) => new([], problem);
}

/// <summary>
/// One outside source of findings (Stack Overflow, GitHub issues, documentation pages, web search). The
/// <see cref="SolutionFinder"/> asks them in order; a source reports trouble in <see cref="SourceAnswer.Problem"/> or by
/// throwing, and the finder turns either into a note instead of a failure.
/// </summary>
public interface IFindingSource
{
    /// <summary>The source's name, as in <c>--sources</c> and <c>Research:Sources</c>.</summary>
    string Name { get; }

    /// <summary>Why the source cannot be asked (not configured), or null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>Findings for <paramref name="query"/>, at most <paramref name="max"/>.</summary>
    Task<SourceAnswer> SearchAsync(FindingQuery query, int max, CancellationToken cancellationToken);
}
