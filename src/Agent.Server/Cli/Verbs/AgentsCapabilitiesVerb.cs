using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Discovery.Persistence;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent agents capabilities &lt;id&gt; [--set c]... [--clear] [--from-discovery] [--json]</c>: shows an agent's
/// capabilities (its role plus those given), or gives them by hand or from the latest capability scan.
/// </summary>
public sealed class AgentsCapabilitiesVerb : Verb
{
    private readonly Argument<string> _id = new("agent-id") { Description = "The agent's id (see 'agent agents list')." };
    private readonly Option<string[]> _set = new("--set") { Description = "Give the agent exactly these capabilities besides its role (repeatable).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _clear = new("--clear") { Description = "Leave the agent only its role as capability." };
    private readonly Option<bool> _fromDiscovery = new("--from-discovery") { Description = "Give the agent the capability tags of the tools the latest 'agent capabilities scan' found (unchanged when it found none)." };
    private readonly Option<bool> _json = CommonOptions.Json("the agent's capabilities");

    /// <summary>Creates the verb.</summary>
    public AgentsCapabilitiesVerb(CliContext context) : base(context, "capabilities", "Show or set an agent's capabilities, which decide the tasks it can lease: its role, plus capabilities given by hand or from capability discovery.")
    {
        Command.Add(_id);
        Command.Add(_set);
        Command.Add(_clear);
        Command.Add(_fromDiscovery);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id)!.Trim();
        var set = parse.GetValue(_set) ?? [];
        var (clear, discover) = (parse.GetValue(_clear), parse.GetValue(_fromDiscovery));
        if ((set.Length > 0 ? 1 : 0) + (clear ? 1 : 0) + (discover ? 1 : 0) > 1)
            throw new CliUsageException("Give one of --set, --clear or --from-discovery, not several.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var capabilities = session.Get<AgentCapabilities>();
        var result = set.Length > 0 ? await capabilities.SetAsync(id, set, AgentCapabilities.Manual, cancellationToken)
            : clear ? await capabilities.SetAsync(id, [], AgentCapabilities.Manual, cancellationToken)
            : discover ? await capabilities.AssignDiscoveredAsync(id, await session.Get<CapabilityStore>().CurrentToolsAsync(cancellationToken), cancellationToken)
            : await capabilities.GetAsync(id, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(result); return ExitCodes.Success; }
        Console.WriteLine($"agent {result.AgentId}");
        Console.WriteLine($"  role:         {result.Role}");
        Console.WriteLine($"  capabilities: {(result.Extra.Count == 0 ? "only its role" : string.Join(", ", result.Extra) + $" ({result.Source})")}");
        return ExitCodes.Success;
    }
}
