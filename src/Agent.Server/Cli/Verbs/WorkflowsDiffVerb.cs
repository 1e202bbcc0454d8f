using System.Text.Json;
using Agent.Workflows.Model;
using Agent.Workflows.Versioning;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent workflows diff &lt;id&gt; &lt;v1&gt; &lt;v2&gt; [--json]</c>.</summary>
public sealed class WorkflowsDiffVerb : Verb
{
    private readonly Argument<string> _id = new("definition-id") { Description = "The definition id." };
    private readonly Argument<int> _from = new("from-version") { Description = "The older version number." };
    private readonly Argument<int> _to = new("to-version") { Description = "The newer version number." };
    private readonly Option<bool> _json = CommonOptions.Json("the structural diff");

    /// <summary>Creates the verb.</summary>
    public WorkflowsDiffVerb(CliContext context) : base(context, "diff", "Show what changed between two versions: activities, connections, variables, layout.")
    {
        Command.Add(_id);
        Command.Add(_from);
        Command.Add(_to);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetRequiredValue(_id);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var definitions = session.Get<WorkflowDefinitionService>();
        var from = await definitions.GetVersionAsync(id, parse.GetValue(_from), cancellationToken);
        var to = await definitions.GetVersionAsync(id, parse.GetValue(_to), cancellationToken);
        var diff = DefinitionDiffer.Compare(from, to);
        if (parse.GetValue(_json)) Console.WriteLine(JsonSerializer.Serialize(diff, WorkflowJson.Indented));
        else Console.OutputWriter.Write(DiffTextFormatter.Format(diff));
        return ExitCodes.Success;
    }
}
