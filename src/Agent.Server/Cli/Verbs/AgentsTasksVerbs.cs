using Agent.Activities.Coordination.Distribution;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent agents tasks [--status s] [--take N] [--json]</c>: the task queue, in enqueue order.</summary>
public sealed class AgentsTasksVerb : Verb
{
    private readonly Option<string?> _status = new("--status") { Description = $"Only tasks in this status: {string.Join(", ", TaskStatuses.All)}." };
    private readonly Option<int> _take = CommonOptions.Take("How many tasks to show, oldest first.", 200);
    private readonly Option<bool> _json = CommonOptions.Json("the tasks");

    /// <summary>Creates the verb.</summary>
    public AgentsTasksVerb(CliContext context) : base(context, "tasks", "List the task queue: each task's kind, role and capabilities wanted, status, lease holder and expiry, attempts.")
    {
        Command.Add(_status);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var take = parse.GetTake(_take);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var tasks = await session.Get<TaskQueue>().ListAsync(parse.GetValue(_status), take, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(tasks); return ExitCodes.Success; }
        if (tasks.Count == 0) { Console.WriteLine(parse.GetValue(_status) is { } s ? $"No {s.Trim().ToLowerInvariant()} tasks." : "No tasks yet."); return ExitCodes.Success; }
        new TasksRenderer(Console).WriteTasks(tasks);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent agents task &lt;id&gt; [--json]</c>: one task in full.</summary>
public sealed class AgentsTaskVerb : Verb
{
    private readonly Argument<string> _id = new("task-id") { Description = "The task's id (see 'agent agents tasks')." };
    private readonly Option<bool> _json = CommonOptions.Json("the task");

    /// <summary>Creates the verb.</summary>
    public AgentsTaskVerb(CliContext context) : base(context, "task", "Show a task: what it wants, its payload, its lease, attempts, the reason it was parked, and its result.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var task = await session.Get<TaskQueue>().GetAsync(parse.GetValue(_id), cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(task); return ExitCodes.Success; }
        new TasksRenderer(Console).WriteTask(task);
        return ExitCodes.Success;
    }
}
