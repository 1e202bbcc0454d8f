using Agent.Activities.Coordination.Detection;

namespace Agent.Activities.Coordination;

/// <summary>
/// The coordinating workflow's brake check: <c>Paused</c> when the coordination is paused or spawning is stopped
/// (<see cref="CoordinationControl"/>, set by detection or by <c>agent agents pause</c>), saying which flag, who set it,
/// when and why; <c>Proceed</c> otherwise.
/// </summary>
[Activity("Agent", "Coordination", "Proceeds unless the coordination is paused or spawning is stopped; says which flag, who, when and why.", DisplayName = "Check Coordination")]
[FlowNode(ProceedOutcome, PausedOutcome)]
public sealed class CheckCoordination : IActivity
{
    /// <summary>No brake is on.</summary>
    public const string ProceedOutcome = "Proceed";
    /// <summary>The pause or the spawn stop is on.</summary>
    public const string PausedOutcome = "Paused";

    /// <summary>Why it is paused, in one line per flag.</summary>
    [Output(Description = "Why the coordination is paused: one line per flag that is on (flag, reason, who, when); empty when it proceeds.")]
    public Output<List<string>> Reasons { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var reasons = await ReasonsAsync(context.GetRequiredService<CoordinationControl>(), context.CancellationToken);
        context.Set(Reasons, reasons);
        foreach (var reason in reasons) context.WriteLine($"coordination: {reason}");
        context.Complete(reasons.Count == 0 ? ProceedOutcome : PausedOutcome);
    }

    /// <summary>One line per brake that is on (pause, spawn stop): who set it, when, why, and how to lift it; empty when none is.</summary>
    public static async Task<List<string>> ReasonsAsync(CoordinationControl control, CancellationToken cancellationToken) =>
        [.. (await control.ListAsync(cancellationToken))
            .Where(f => f.Name is CoordinationControl.Paused or CoordinationControl.SpawnsStopped)
            .Select(f => $"{(f.Name == CoordinationControl.Paused ? "paused" : "spawns stopped")} by {f.SetBy} at {f.SetAt:u}: {f.Reason} (lift it with 'agent agents resume')")];
}
