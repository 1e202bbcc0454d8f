using Agent.Activities.Coordination.Messaging;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent agents list [--json]</c>: the registered agents with their role, status and message counts.</summary>
public sealed class AgentsListVerb : Verb
{
    private readonly Option<bool> _json = CommonOptions.Json("the agents");

    /// <summary>Creates the verb.</summary>
    public AgentsListVerb(CliContext context) : base(context, "list", "List the registered agents: role, status, last seen, and their messages pending, delivered and acked.")
    {
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var agents = await session.Get<AgentRegistry>().ListAsync(cancellationToken);
        var counts = await session.Get<MessageStore>().CountByAgentAsync(cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(agents.Select(a => new { a.Id, a.Role, a.Status, a.CreatedAt, a.UpdatedAt, a.LastSeenAt, Messages = counts.GetValueOrDefault(a.Id) ?? new Dictionary<string, int>() }));
            return ExitCodes.Success;
        }
        if (agents.Count == 0) { Console.WriteLine("No agents are registered."); return ExitCodes.Success; }
        new AgentsRenderer(Console).WriteAgents(agents, counts);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent agents show &lt;id&gt; [--take N] [--json]</c>: one agent and its latest messages, sent or received.</summary>
public sealed class AgentsShowVerb : Verb
{
    private readonly Argument<string> _id = new("agent-id") { Description = "The agent's id (see 'agent agents list')." };
    private readonly Option<int> _take = CommonOptions.Take("How many of its latest messages to show.", 20);
    private readonly Option<bool> _json = CommonOptions.Json("the agent and its messages");

    /// <summary>Creates the verb.</summary>
    public AgentsShowVerb(CliContext context) : base(context, "show", "Show an agent: role, status, message counts and its latest messages (sent or received).")
    {
        Command.Add(_id);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id)!;
        var take = parse.GetTake(_take);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var agent = await session.Get<AgentRegistry>().FindAsync(id, cancellationToken) ?? throw new UnknownAgentException(id);
        var store = session.Get<MessageStore>();
        var counts = (await store.CountByAgentAsync(cancellationToken)).GetValueOrDefault(agent.Id);
        var messages = await store.ListRecentAsync(agent.Id, take, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(new { Agent = agent, Messages = messages }); return ExitCodes.Success; }
        var renderer = new AgentsRenderer(Console);
        renderer.WriteAgent(agent, counts);
        if (messages.Count == 0) Console.WriteLine("  no messages yet.");
        else renderer.WriteMessages(messages);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent agents messages [--agent id] [--take N] [--json]</c>: the latest messages, one row per recipient.</summary>
public sealed class AgentsMessagesVerb : Verb
{
    private readonly Option<string?> _agent = new("--agent") { Description = "Only messages sent by or to this agent." };
    private readonly Option<int> _take = CommonOptions.Take("How many rows to show, newest first.", 50);
    private readonly Option<bool> _json = CommonOptions.Json("the messages");

    /// <summary>Creates the verb.</summary>
    public AgentsMessagesVerb(CliContext context) : base(context, "messages", "List the latest messages between agents, one row per recipient with its delivery state (pending, delivered, acked).")
    {
        Command.Add(_agent);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var take = parse.GetTake(_take);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var agent = parse.GetValue(_agent)?.Trim();
        if (agent is not null && await session.Get<AgentRegistry>().FindAsync(agent, cancellationToken) is null) throw new UnknownAgentException(agent);
        var messages = await session.Get<MessageStore>().ListRecentAsync(agent, take, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(messages); return ExitCodes.Success; }
        if (messages.Count == 0) { Console.WriteLine(agent is null ? "No messages yet." : $"No messages to or from {agent} yet."); return ExitCodes.Success; }
        new AgentsRenderer(Console).WriteMessages(messages);
        return ExitCodes.Success;
    }
}
