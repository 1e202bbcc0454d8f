using Agent.Server.Cli.Rendering;
using Agent.Workflows.Execution;
using Agent.Workflows.Runtime;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent instances cancel &lt;id&gt;</c>.</summary>
public sealed class InstancesCancelVerb : Verb
{
    private readonly Argument<string> _id = new("instance-id") { Description = "The instance id." };

    /// <summary>Creates the verb.</summary>
    public InstancesCancelVerb(CliContext context) : base(context, "cancel", "Cancel an instance: it stops waiting on its bookmarks and ends as Cancelled.")
    {
        Command.Add(_id);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var before = await InstanceLookup.RequireAsync(session, parse.GetRequiredValue(_id), cancellationToken);
        var after = await session.Get<WorkflowRuntime>().CancelAsync(before.Id, cancellationToken);
        var message = before.Status == after.Status && after.Status != WorkflowStatus.Cancelled
            ? $"Instance {Markup.Escape(after.Id)} is already {InstanceRenderer.StatusMarkup(after.Status)}; nothing to cancel."
            : $"Instance {Markup.Escape(after.Id)} is {InstanceRenderer.StatusMarkup(after.Status)}.";
        Console.Output.MarkupLine(message);
        return ExitCodes.Success;
    }
}
