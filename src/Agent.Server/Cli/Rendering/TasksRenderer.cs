using System.Globalization;
using Agent.Activities.Coordination.Distribution;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders the task queue for people.</summary>
public sealed class TasksRenderer(CliConsole console)
{
    /// <summary>One row per task.</summary>
    public void WriteTasks(IReadOnlyList<WorkTask> tasks)
    {
        var table = new Table().AddColumns("Task", "Kind", "Role", "Capabilities", "Status", "Lease holder", "Lease until", "Attempts", "Correlation", "Reason");
        foreach (var t in tasks)
        {
            var holding = t.Status == TaskStatuses.Leased;
            table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Kind), Markup.Escape(t.Role), Markup.Escape(string.Join(", ", t.Capabilities)), t.Status,
                Markup.Escape(t.LeaseOwner ?? "-"), holding ? Time(t.LeaseExpiresAt) : "-", t.Attempts.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(t.CorrelationId ?? ""), Markup.Escape(Short(t.Reason ?? "", 60)));
        }
        console.Output.Write(table);
    }

    /// <summary>One task in full.</summary>
    public void WriteTask(WorkTask t)
    {
        console.WriteLine($"task {t.Id}");
        console.WriteLine($"  kind:         {t.Kind}");
        console.WriteLine($"  wants:        a {t.Role}{(t.Capabilities.Count == 0 ? "" : " with " + string.Join(", ", t.Capabilities))}");
        console.WriteLine($"  status:       {t.Status}");
        console.WriteLine($"  correlation:  {t.CorrelationId ?? "-"}");
        console.WriteLine($"  lease:        {(t.LeaseOwner is null ? "never leased" : $"{(t.Status == TaskStatuses.Leased ? "held" : "last held")} by {t.LeaseOwner}{(t.Status == TaskStatuses.Leased ? $" until {Time(t.LeaseExpiresAt)}" : "")}")}");
        console.WriteLine($"  attempts:     {t.Attempts}");
        console.WriteLine($"  times:        created {Time(t.CreatedAt)}; queued {Time(t.QueuedAt)}; leased {Time(t.LeasedAt)}; finished {Time(t.FinishedAt)}");
        if (t.Reason is not null) console.WriteLine($"  reason:       {t.Reason}");
        console.WriteLine($"  payload:      {t.Payload.GetRawText()}");
        if (t.Result is { } result) console.WriteLine($"  result:       {result.GetRawText()}");
    }

    private static string Short(string text, int max) => text.Length > max ? text[..(max - 3)] + "..." : text;

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}
