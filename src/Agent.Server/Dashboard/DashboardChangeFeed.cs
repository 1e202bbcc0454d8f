using System.Text.Json;

namespace Agent.Server.Dashboard;

/// <summary>
/// Finds what changed on the dashboard since the last look: reads each live section (<see cref="Topics"/>) and compares
/// its JSON with the previous reading. One feed per <c>/dashboard/events</c> connection; it holds that connection's
/// previous readings only.
/// </summary>
public sealed class DashboardChangeFeed(DashboardSections sections)
{
    /// <summary>The sections whose changes are pushed. <c>cycles</c> also stands for the KPI and measurement charts, which change when a cycle does.</summary>
    public static readonly IReadOnlyList<string> Topics = ["cycles", "approvals", "jobs", "incidents", "budget", "stop", "capabilities"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    /// <summary>The topics whose data differs from the previous call's (every topic on the first call).</summary>
    public async Task<IReadOnlyList<string>> ChangedAsync(CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        foreach (var topic in Topics)
        {
            var now = JsonSerializer.Serialize(await ReadAsync(topic, cancellationToken), Json);
            if (_seen.TryGetValue(topic, out var before) && before == now) continue;
            _seen[topic] = now;
            changed.Add(topic);
        }
        return changed;
    }

    private async Task<object> ReadAsync(string topic, CancellationToken cancellationToken) => topic switch
    {
        "cycles" => await sections.CyclesAsync(cancellationToken),
        "approvals" => await sections.ApprovalsAsync(cancellationToken),
        "jobs" => await sections.JobsAsync(cancellationToken),
        "incidents" => await sections.IncidentsAsync(cancellationToken),
        "budget" => await sections.BudgetAsync(cancellationToken),
        "stop" => sections.Stop(),
        "capabilities" => await sections.CapabilitiesAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, "Not a dashboard topic."),
    };
}
