using Agent.Activities.Coordination.Detection;

namespace Agent.Activities.Coordination;

/// <summary>
/// The coordinating workflow's brake before it hands out work or merges: completes at once unless the coordination is
/// paused or spawning is stopped (<see cref="CoordinationControl"/>: by an incident of the emergent-behaviour detection or
/// by <c>agent agents pause</c>); otherwise the workflow waits on a bookmark named <see cref="BookmarkName"/> carrying the
/// flags' reasons — the instance is suspended and shows why — until the flags are lifted (<c>agent agents resume</c>),
/// when <see cref="PausedWorkflowRelease"/> resumes it. A resume that finds a flag still set waits again.
/// </summary>
[Activity("Agent", "Coordination", "Waits while the coordination is paused or spawning is stopped; goes on when 'agent agents resume' lifts them.", DisplayName = "Wait While Paused")]
public sealed class WaitWhilePaused : IResumableActivity
{
    /// <summary>The name of the bookmarks this activity waits on.</summary>
    public const string BookmarkName = "Agent.WaitWhilePaused";

    /// <summary>Why the workflow waited, one line per flag; empty when it went straight on.</summary>
    [Output(Description = "Why the workflow waited: one line per flag (flag, who, when, reason); empty when it did not wait.")]
    public Output<List<string>> Reasons { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) => CheckAsync(context);

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context) => CheckAsync(context);

    private async ValueTask CheckAsync(ActivityExecutionContext context)
    {
        var reasons = await CheckCoordination.ReasonsAsync(context.GetRequiredService<CoordinationControl>(), context.CancellationToken);
        if (reasons.Count == 0)
        {
            context.Complete();
            return;
        }
        context.Set(Reasons, reasons);
        foreach (var reason in reasons) context.WriteLine($"coordination: waiting, {reason}");
        context.CreateBookmark(BookmarkName, new() { ["reasons"] = string.Join('\n', reasons) });
    }
}
