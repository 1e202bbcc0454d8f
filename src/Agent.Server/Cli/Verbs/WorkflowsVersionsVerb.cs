using Agent.Server.Cli.Rendering;
using Agent.Workflows.Versioning;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows versions &lt;id&gt; [--json]</c>.</summary>
public sealed class WorkflowsVersionsVerb : Verb
{
    private readonly Argument<string> _id = new("definition-id") { Description = "The definition id." };
    private readonly Option<bool> _json = CommonOptions.Json("the versions");

    /// <summary>Creates the verb.</summary>
    public WorkflowsVersionsVerb(CliContext context) : base(context, "versions", "List every version of a definition, oldest first.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var versions = await session.Get<WorkflowDefinitionService>().ListVersionsAsync(parse.GetRequiredValue(_id), cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(versions);
        else new DefinitionRenderer(Console).WriteVersions(versions);
        return ExitCodes.Success;
    }
}
