using Agent.Activities.Research.GitHub;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent research repo owner/name [--json]</c>: a GitHub repository's metadata, languages and latest releases.</summary>
public sealed class ResearchRepoVerb : Verb
{
    private readonly Argument<string> _repo = new("repository") { Description = "The repository as owner/name." };
    private readonly Option<bool> _json = CommonOptions.Json("the repository report");

    /// <summary>Creates the verb.</summary>
    public ResearchRepoVerb(CliContext context) : base(context, "repo", "Reads a GitHub repository: description, stars, open issues, languages, latest releases.")
    {
        Command.Add(_repo);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var repo = parse.GetValue(_repo) ?? "";
        if (!GitHubRepositoryName.IsValid(repo)) throw new CliUsageException($"'{repo}' is not a GitHub repository; write it as owner/name.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var report = await session.Get<GitHubAnalyzer>().AnalyzeAsync(repo, 5, cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(new
            {
                report.FullName, report.Description, report.Url, report.Stars, report.OpenIssues, report.Archived, report.PushedAt,
                languages = report.Languages.Select(l => new { name = l.Name, bytes = l.Bytes }),
                releases = report.Releases.Select(r => new { tag = r.Tag, publishedAt = r.PublishedAt }),
            });
            return ExitCodes.Success;
        }
        Console.WriteLine($"{report.FullName}{(report.Archived ? " (archived)" : "")}: {report.Description}");
        Console.WriteLine($"  {report.Url}  {report.Stars} stars, {report.OpenIssues} open issues, last push {report.PushedAt:yyyy-MM-dd}");
        Console.WriteLine($"  languages: {string.Join(", ", report.Languages.Select(l => $"{l.Name} ({l.Bytes} B)"))}");
        foreach (var (tag, at) in report.Releases) Console.WriteLine($"  release {tag} {at:yyyy-MM-dd}");
        return ExitCodes.Success;
    }
}
