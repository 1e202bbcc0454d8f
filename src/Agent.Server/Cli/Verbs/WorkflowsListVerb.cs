using Agent.Server.Cli.Rendering;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows list [--search S] [--json]</c>.</summary>
public sealed class WorkflowsListVerb : Verb
{
    private readonly Option<string?> _search = new("--search") { Description = "Only definitions whose id or name contains this text." };
    private readonly Option<int> _take = new("--take") { Description = "How many to show.", DefaultValueFactory = _ => 100 };
    private readonly Option<bool> _json = CommonOptions.Json("the definitions");

    /// <summary>Creates the verb.</summary>
    public WorkflowsListVerb(CliContext context) : base(context, "list", "List workflow definitions with their latest and published versions.")
    {
        Command.Add(_search);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var definitions = session.Get<WorkflowDefinitionService>();
        var page = await definitions.ListAsync(new DefinitionQuery(parse.GetValue(_search), 0, Math.Max(1, parse.GetValue(_take))), cancellationToken);
        var rows = new List<(WorkflowDefinitionSummary Latest, int? Published)>();
        foreach (var latest in page.Items)
        {
            var published = latest.IsPublished ? latest.Version
                : (await definitions.ListVersionsAsync(latest.DefinitionId, cancellationToken)).FirstOrDefault(v => v.IsPublished)?.Version;
            rows.Add((latest, published));
        }
        if (parse.GetValue(_json))
            Console.WriteJson(new
            {
                total = page.TotalCount,
                items = rows.Select(r => new
                {
                    r.Latest.DefinitionId, r.Latest.Name, latestVersion = r.Latest.Version, publishedVersion = r.Published, r.Latest.CreatedAt,
                }),
            });
        else
            new DefinitionRenderer(Console).WriteList(rows, page.TotalCount);
        return ExitCodes.Success;
    }
}
