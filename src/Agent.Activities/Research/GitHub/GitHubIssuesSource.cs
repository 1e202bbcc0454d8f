using Agent.Activities.Research.Findings;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.GitHub;

/// <summary>
/// GitHub issues matching the error, in the repository the problem names (a github.com address in the error) or the
/// configured <see cref="GitHubOptions.Repository"/>, else across GitHub.
/// </summary>
public sealed class GitHubIssuesSource(GitHubAnalyzer analyzer, IOptions<GitHubOptions> options, TimeProvider clock) : IFindingSource
{
    /// <inheritdoc />
    public string Name => SourceList.GitHub;

    /// <inheritdoc />
    public string? Unavailable => null;

    /// <inheritdoc />
    public async Task<SourceAnswer> SearchAsync(FindingQuery query, int max, CancellationToken cancellationToken)
    {
        var retrieved = clock.GetUtcNow();
        var repository = query.Repository is { Length: > 0 } named ? named : options.Value.Repository;
        var issues = await analyzer.SearchIssuesAsync(query.Text, repository, max, cancellationToken).ConfigureAwait(false);
        var findings = issues.Select((issue, i) => new Finding(Name, issue.Title, issue.Url,
            $"[{issue.State}, {issue.Comments} comment(s)] {HtmlText.ToText(issue.Body, 2000)}",
            (1.0 - (double)i / issues.Count) * (issue.State == "closed" ? 1.0 : 0.8), retrieved)).ToList();
        return new SourceAnswer(findings);
    }
}
