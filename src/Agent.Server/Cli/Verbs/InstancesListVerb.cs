using Agent.Server.Cli.Rendering;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent instances list [--status S] [--definition D] [--take N] [--json]</c>.</summary>
public sealed class InstancesListVerb : Verb
{
    private readonly Option<WorkflowStatus?> _status = new("--status") { Description = "Only instances with this status." };
    private readonly Option<string?> _definition = new("--definition") { Description = "Only instances of this definition id." };
    private readonly Option<int> _take = new("--take") { Description = "How many to show (newest first).", DefaultValueFactory = _ => 50 };
    private readonly Option<bool> _json = CommonOptions.Json("the instances");

    /// <summary>Creates the verb.</summary>
    public InstancesListVerb(CliContext context) : base(context, "list", "List instances, newest first.")
    {
        Command.Add(_status);
        Command.Add(_definition);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var store = session.Get<IWorkflowInstanceStore>();
        var query = new InstanceQuery(parse.GetValue(_definition), parse.GetValue(_status), 0, Math.Max(1, parse.GetValue(_take)));
        var instances = await store.ListAsync(query, cancellationToken);
        var total = await store.CountAsync(query, cancellationToken);
        if (parse.GetValue(_json))
            Console.WriteJson(new { total, items = instances.Select(InstanceListItemJson.From) });
        else
            new InstanceRenderer(Console).WriteList(instances, total);
        return ExitCodes.Success;
    }
}
