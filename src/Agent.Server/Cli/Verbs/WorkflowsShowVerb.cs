using Agent.Server.Cli.Rendering;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows show &lt;id&gt; [--version N] [--json]</c>.</summary>
public sealed class WorkflowsShowVerb : Verb
{
    private readonly Argument<string> _id = new("definition-id") { Description = "The definition id." };
    private readonly Option<int?> _version = CommonOptions.Version("The version to show (default: the latest).");
    private readonly Option<bool> _json = CommonOptions.Json("the definition in Elsa 3 JSON");

    /// <summary>Creates the verb.</summary>
    public WorkflowsShowVerb(CliContext context) : base(context, "show", "Show a definition version: variables, activities and connections.")
    {
        Command.Add(_id);
        Command.Add(_version);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var definition = await session.Get<WorkflowDefinitionService>().GetAsync(
            parse.GetRequiredValue(_id), VersionSelection.From(parse.GetValue(_version)), cancellationToken);
        if (parse.GetValue(_json)) Console.WriteLine(WorkflowDefinitionReader.Write(definition));
        else new DefinitionRenderer(Console).WriteDetails(definition);
        return ExitCodes.Success;
    }
}
