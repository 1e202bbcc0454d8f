using Agent.Activities.Research.Http;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Agent.Activities.Research.GitHub;

/// <summary>A repository as the analyzer reports it.</summary>
/// <param name="FullName">owner/name.</param>
/// <param name="Description">Its description.</param>
/// <param name="Url">Its page.</param>
/// <param name="Stars">Its stargazers.</param>
/// <param name="OpenIssues">Its open issues.</param>
/// <param name="Archived">Whether it is archived (no more fixes).</param>
/// <param name="PushedAt">Its last push.</param>
/// <param name="Languages">Languages by bytes, largest first.</param>
/// <param name="Releases">Its latest releases: tag and publication time.</param>
public sealed record RepositoryReport(string FullName, string? Description, string Url, int Stars, int OpenIssues, bool Archived,
    DateTimeOffset? PushedAt, IReadOnlyList<(string Name, long Bytes)> Languages, IReadOnlyList<(string Tag, DateTimeOffset? PublishedAt)> Releases);

/// <summary>An issue that matched a search.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Url">Its page.</param>
/// <param name="State">open or closed.</param>
/// <param name="Comments">Its comment count.</param>
/// <param name="Body">Its text.</param>
public sealed record IssueHit(string Title, string Url, string State, int Comments, string? Body);

/// <summary>
/// Reads GitHub through Octokit at the configured base address: a repository's metadata, languages and latest releases,
/// and issues matching an error message. Requests go through the outbound HTTP client (timeouts, retries, rate limit per
/// host) and the <see cref="GitHubRateGate"/>.
/// </summary>
public sealed class GitHubAnalyzer(IHttpMessageHandlerFactory handlers, GitHubRateGate gate, IOptions<GitHubOptions> options)
{
    /// <summary>The name of the outbound HTTP client.</summary>
    public const string ClientName = "github";

    /// <summary>Metadata, languages and up to <paramref name="releases"/> latest releases of <paramref name="repository"/> (owner/name).</summary>
    public async Task<RepositoryReport> AnalyzeAsync(string repository, int releases, CancellationToken cancellationToken)
    {
        var (owner, name) = GitHubRepositoryName.Split(repository);
        var client = CreateClient();
        var repo = await CallAsync(client, () => client.Repository.Get(owner, name), cancellationToken).ConfigureAwait(false);
        var languages = await CallAsync(client, () => client.Repository.GetAllLanguages(owner, name), cancellationToken).ConfigureAwait(false);
        var latest = await CallAsync(client, () => client.Repository.Release.GetAll(owner, name, new ApiOptions { PageSize = releases, PageCount = 1 }), cancellationToken).ConfigureAwait(false);
        return new RepositoryReport(repo.FullName, repo.Description, repo.HtmlUrl, repo.StargazersCount, repo.OpenIssuesCount, repo.Archived, repo.PushedAt,
            [.. languages.OrderByDescending(l => l.NumberOfBytes).Select(l => (l.Name, l.NumberOfBytes))],
            [.. latest.Take(releases).Select(r => (r.TagName, r.PublishedAt))]);
    }

    /// <summary>Issues matching <paramref name="text"/>, in <paramref name="repository"/> (owner/name) when given.</summary>
    public async Task<IReadOnlyList<IssueHit>> SearchIssuesAsync(string text, string? repository, int max, CancellationToken cancellationToken)
    {
        var client = CreateClient();
        var request = new SearchIssuesRequest(text) { Type = IssueTypeQualifier.Issue, PerPage = max, Page = 1 };
        if (repository is { Length: > 0 }) request.Repos = new RepositoryCollection { repository };
        var result = await CallAsync(client, () => client.Search.SearchIssues(request), cancellationToken).ConfigureAwait(false);
        return [.. result.Items.Take(max).Select(i => new IssueHit(i.Title, i.HtmlUrl, i.State.StringValue, i.Comments, i.Body))];
    }

    private GitHubClient CreateClient()
    {
        var o = options.Value;
        var baseUrl = o.BaseUrl.EndsWith('/') ? o.BaseUrl : o.BaseUrl + "/";
        var credentials = o.Token is { Length: > 0 } token ? new Credentials(token) : Credentials.Anonymous;
        var connection = new Connection(new ProductHeaderValue("agent-research"), new Uri(baseUrl), new InMemoryCredentialStore(credentials),
            new HttpClientAdapter(() => handlers.CreateHandler(ClientName)), new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    private async Task<T> CallAsync<T>(GitHubClient client, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        gate.EnsureOpen();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var result = await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (client.GetLastApiInfo()?.RateLimit is { } limit) gate.Record(limit.Remaining, limit.Reset);
            return result;
        }
        catch (RateLimitExceededException e)
        {
            gate.Record(0, e.Reset);
            throw new OutboundHttpException("GitHub", $"the API rate limit is used up; no call until it resets at {e.Reset:yyyy-MM-dd HH:mm:ss} UTC. A token (Research:GitHub:Token) raises the limit.", e);
        }
        catch (ApiException e)
        {
            throw new OutboundHttpException("GitHub", $"the API answered HTTP {(int)e.StatusCode}: {e.Message}. Check Research:GitHub:BaseUrl and the token.", e);
        }
    }
}
