using Agent.Activities.Claude;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Server.Cli.Rendering;
using Agent.Workflows.Persistence;
using Agent.Workflows.Execution;
using Agent.Workflows.Versioning;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent run &lt;definition-id | file.json&gt; [--input k=v ...] [--correlation-id X] [--json]</c>.</summary>
public sealed class RunVerb : Verb
{
    private readonly Argument<string> _target = new("definition")
    {
        Description = "A definition id (runs its published version, else its latest), or a definition JSON file (validated, stored, then run).",
    };
    private readonly Option<string[]> _input = CommonOptions.Input();
    private readonly Option<string?> _correlationId = CommonOptions.CorrelationId("A correlation id for the instance (events can be resumed by it).");
    private readonly Option<bool> _json = CommonOptions.Json("{instanceId, status, output, variables, bookmarks, incidents} (and nothing else)");

    /// <summary>Creates the verb.</summary>
    public RunVerb(CliContext context) : base(context, "run", "Run a workflow until it finishes, suspends or faults, printing what it writes.")
    {
        Command.Add(_target);
        Command.Add(_input);
        Command.Add(_correlationId);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var input = InputArguments.Parse(parse.GetValue(_input));
        var json = parse.GetValue(_json);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var resolver = new RunTargetResolver(session.Get<WorkflowDefinitionService>());
        var target = await resolver.ResolveAsync(parse.GetRequiredValue(_target), cancellationToken);
        if (target.Note is not null) Console.WriteError($"note: {target.Note}");

        var runtime = session.Get<WorkflowRuntime>();
        var options = new StartWorkflowOptions
        {
            Input = input, CorrelationId = parse.GetValue(_correlationId), InstanceId = Guid.NewGuid().ToString("N"),
            // A person asked to run it now: a cron or timer it starts with fires at once instead of waiting.
            FireStartTrigger = true,
        };
        using (json ? null : LiveOutput.Attach(runtime, Console, options.InstanceId))
        {
            var instance = await runtime.StartAsync(target.Definition, options, cancellationToken);
            var jobs = new ClaudeJobFollower(session.Get<ClaudeJobBookmarks>(), session.Get<ClaudeJobs>(), session.Get<IWorkflowInstanceStore>());
            var work = new InProcessWorkFollower(session.Get<IWorkflowInstanceStore>(), runtime, session.Get<WorkerLauncher>(),
                session.Get<TaskDispatcher>(), session.Get<TaskWaitDispatcher>(), session.Get<MessageDispatcher>());
            // A child (e.g. consensus-review) may wait on workers this process runs, and the instance may go on to wait
            // on Claude jobs afterwards: follow both until neither moves it on.
            WorkflowInstance followed;
            do
            {
                followed = instance;
                instance = await work.FollowAsync(await jobs.FollowAsync(instance, cancellationToken), cancellationToken);
            }
            while (instance.Status != followed.Status || !instance.State.Bookmarks.Select(b => b.Id).SequenceEqual(followed.State.Bookmarks.Select(b => b.Id)));
            if (json) Console.WriteJson(InstanceResultJson.From(instance));
            else new InstanceRenderer(Console).WriteResult(instance);
            return InstanceOutcome.ExitCode(instance.Status);
        }
    }
}
