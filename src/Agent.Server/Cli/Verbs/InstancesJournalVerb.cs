using Agent.Server.Cli.Rendering;
using Agent.Workflows.Persistence;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent instances journal &lt;id&gt; [--json]</c>.</summary>
public sealed class InstancesJournalVerb : Verb
{
    private readonly Argument<string> _id = new("instance-id") { Description = "The instance id." };
    private readonly Option<bool> _json = CommonOptions.Json("the journal entries");

    /// <summary>Creates the verb.</summary>
    public InstancesJournalVerb(CliContext context) : base(context, "journal", "Show the activities an instance executed, in order, with timing and outcome.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var instance = await InstanceLookup.RequireAsync(session, parse.GetRequiredValue(_id), cancellationToken);
        var journal = await session.Get<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(journal);
        else new JournalRenderer(Console).Write(journal);
        return ExitCodes.Success;
    }
}
