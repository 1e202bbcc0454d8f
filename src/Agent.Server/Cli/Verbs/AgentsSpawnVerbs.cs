using Agent.Activities.Coordination.Spawning;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent agents spawn --role R [--parent P] [--correlation C] [--budget-usd N] [--budget-tokens N] [--request-id ID] [--json]</c>:
/// registers an agent and runs its worker until it first waits (for a task), or queues it past <c>Coordination:MaxAgents</c>.
/// </summary>
public sealed class AgentsSpawnVerb : Verb
{
    private readonly Option<string> _role = new("--role") { Description = "The role: planner, implementer, reviewer, researcher, or one under Coordination:Roles.", Required = true };
    private readonly Option<string?> _parent = new("--parent") { Description = "The spawning agent's id (registered)." };
    private readonly Option<string?> _correlation = new("--correlation") { Description = "The task or conversation the agent works for." };
    private readonly Option<decimal?> _usd = new("--budget-usd") { Description = "The agent's budget in USD." };
    private readonly Option<long?> _tokens = new("--budget-tokens") { Description = "The agent's budget in tokens." };
    private readonly Option<string?> _requestId = new("--request-id") { Description = "Idempotency key: spawning again with the same id starts no second agent (default: a new id)." };
    private readonly Option<bool> _json = CommonOptions.Json("the spawn request");

    /// <summary>Creates the verb.</summary>
    public AgentsSpawnVerb(CliContext context) : base(context, "spawn", "Spawn an agent: register it and start its worker (workflows/agent-worker.json), or queue it when Coordination:MaxAgents agents are live.")
    {
        Command.Add(_role);
        Command.Add(_parent);
        Command.Add(_correlation);
        Command.Add(_usd);
        Command.Add(_tokens);
        Command.Add(_requestId);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var request = new SpawnRequest(parse.GetValue(_requestId) ?? $"cli-{Guid.NewGuid():N}", parse.GetValue(_role)!, parse.GetValue(_parent),
            parse.GetValue(_correlation), parse.GetValue(_usd), parse.GetValue(_tokens));
        var spawned = await session.Get<AgentSpawner>().SpawnAsync(request, cancellationToken);
        // The worker runs in this process until it first waits (for a task); 'agent serve' resumes it from there.
        await session.Get<WorkerLauncher>().DrainAsync();
        if (parse.GetValue(_json)) { Console.WriteJson(spawned); return ExitCodes.Success; }
        Console.WriteLine(spawned.Status == SpawnStatuses.Queued
            ? $"Queued {spawned.AgentId} ({spawned.Role}): Coordination:MaxAgents agents are live; it starts when one stops."
            : $"Spawned {spawned.AgentId} ({spawned.Role}, permission mode {spawned.PermissionMode}); worker instance {spawned.InstanceId}.");
        return ExitCodes.Success;
    }
}

/// <summary><c>agent agents stop &lt;id&gt;</c>: cancels a spawned agent's worker, marks it stopped and frees its slot for a queued spawn.</summary>
public sealed class AgentsStopVerb : Verb
{
    private readonly Argument<string> _id = new("agent-id") { Description = "The spawned agent's id (see 'agent agents list')." };

    /// <summary>Creates the verb.</summary>
    public AgentsStopVerb(CliContext context) : base(context, "stop", "Stop a spawned agent: cancel its worker instance, mark it stopped, and start a queued spawn in its slot.")
    {
        Command.Add(_id);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var stopped = await session.Get<AgentSpawner>().StopAsync(parse.GetValue(_id)!, cancellationToken);
        await session.Get<WorkerLauncher>().DrainAsync();
        Console.WriteLine($"Stopped {stopped.AgentId}; its worker {stopped.InstanceId} is cancelled.");
        return ExitCodes.Success;
    }
}
