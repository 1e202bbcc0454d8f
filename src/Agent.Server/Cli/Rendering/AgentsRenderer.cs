using System.Globalization;
using Agent.Activities.Coordination.Messaging;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders registered agents and their messages for people.</summary>
public sealed class AgentsRenderer(CliConsole console)
{
    /// <summary>One row per agent: id, role, status, last seen, and its deliveries per state.</summary>
    public void WriteAgents(IReadOnlyList<AgentRecord> agents, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> counts)
    {
        var table = new Table().AddColumns("Agent", "Role", "Status", "Last seen", "Pending", "Delivered", "Acked");
        foreach (var a in agents)
        {
            var c = counts.GetValueOrDefault(a.Id);
            table.AddRow(Markup.Escape(a.Id), Markup.Escape(a.Role), a.Status, Time(a.LastSeenAt), Count(c, DeliveryStates.Pending), Count(c, DeliveryStates.Delivered), Count(c, DeliveryStates.Acked));
        }
        console.Output.Write(table);
    }

    /// <summary>One agent's details.</summary>
    public void WriteAgent(AgentRecord agent, IReadOnlyDictionary<string, int>? counts)
    {
        console.WriteLine($"agent {agent.Id}");
        console.WriteLine($"  role:       {agent.Role}");
        console.WriteLine($"  status:     {agent.Status}");
        console.WriteLine($"  registered: {Time(agent.CreatedAt)}; updated {Time(agent.UpdatedAt)}; last seen {Time(agent.LastSeenAt)}");
        console.WriteLine($"  messages:   {Count(counts, DeliveryStates.Pending)} pending, {Count(counts, DeliveryStates.Delivered)} delivered, {Count(counts, DeliveryStates.Acked)} acked");
    }

    /// <summary>One row per message and recipient, newest first.</summary>
    public void WriteMessages(IReadOnlyList<DeliveredMessage> deliveries)
    {
        var table = new Table().AddColumns("Message", "Type", "From", "To", "Recipient", "State", "Correlation", "Sent", "Payload");
        foreach (var d in deliveries)
        {
            var m = d.Message;
            var payload = m.Payload.GetRawText();
            table.AddRow(Markup.Escape(m.Id), m.Type, Markup.Escape(m.Sender), Markup.Escape(m.Recipient), Markup.Escape(d.AgentId), d.State,
                Markup.Escape(m.CorrelationId ?? ""), Time(m.CreatedAt), Markup.Escape(payload.Length > 80 ? payload[..77] + "..." : payload));
        }
        console.Output.Write(table);
    }

    private static string Count(IReadOnlyDictionary<string, int>? counts, string state) =>
        (counts?.GetValueOrDefault(state) ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}
