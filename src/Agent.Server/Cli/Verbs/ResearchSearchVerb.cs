using Agent.Activities.Research.Findings;
using Agent.Activities.Research.GitHub;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent research search "QUERY" [--sources stackoverflow,github,docs,web] [--repo owner/name] [--json]</c>: asks the
/// sources through the solution finder (cache included) and lists the ranked findings with their addresses.
/// </summary>
public sealed class ResearchSearchVerb : Verb
{
    private readonly Argument<string> _query = new("query") { Description = "The question: an error message or a short description." };
    private readonly Option<string?> _sources = new("--sources") { Description = $"Comma-separated sources to ask, in order (default: {string.Join(",", SourceList.Known)})." };
    private readonly Option<string?> _repo = new("--repo") { Description = "A GitHub repository (owner/name) to search issues in." };
    private readonly Option<bool> _json = CommonOptions.Json("the findings and the sources' problems");

    /// <summary>Creates the verb.</summary>
    public ResearchSearchVerb(CliContext context) : base(context, "search", "Searches outside sources for a problem and lists ranked, de-duplicated findings with their source addresses.")
    {
        Command.Add(_query);
        Command.Add(_sources);
        Command.Add(_repo);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var query = parse.GetValue(_query) ?? "";
        if (string.IsNullOrWhiteSpace(query)) throw new CliUsageException("The query is empty; give the error message or question to search for.");
        var sources = parse.GetValue(_sources) is { } list ? SourceList.Parse(list) : SourceList.Known;
        var unknown = sources.Where(s => !SourceList.Known.Contains(s)).ToList();
        if (unknown.Count > 0 || sources.Count == 0)
            throw new CliUsageException($"--sources names {(unknown.Count > 0 ? $"unknown source(s) {string.Join(", ", unknown)}" : "no source")}; use some of {string.Join(",", SourceList.Known)}.");
        var repo = parse.GetValue(_repo);
        if (repo is not null && !GitHubRepositoryName.IsValid(repo)) throw new CliUsageException($"--repo '{repo}' is not a GitHub repository; write it as owner/name.");

        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var urls = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(FindingUrl.IsHttp).ToList();
        var search = await session.Get<SolutionFinder>().SearchAsync(new FindingQuery(query, repo, urls), sources, cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(new { findings = search.Findings, problems = search.Problems, cachedSources = search.CachedSources });
        else Write(search);
        // Research degrades: findings from some sources are a success; nothing at all because every source failed is not.
        return search.Findings.Count == 0 && search.Problems.Count >= sources.Count ? ExitCodes.Failed : ExitCodes.Success;
    }

    private void Write(SolutionSearch search)
    {
        if (search.Findings.Count == 0) Console.WriteLine("No findings.");
        foreach (var f in search.Findings)
        {
            Console.WriteLine($"[{f.Source}] {f.Title}  (score {f.Score:0.00})");
            Console.WriteLine($"  {f.Url}  retrieved {f.RetrievedAt:yyyy-MM-dd HH:mm} UTC{(search.CachedSources.Contains(f.Source) ? " (cached)" : "")}");
            foreach (var line in f.Excerpt.Split('\n').Take(4)) Console.WriteLine("  " + line);
            Console.WriteLine();
        }
        foreach (var problem in search.Problems) Console.WriteError("warning: " + problem);
    }
}
