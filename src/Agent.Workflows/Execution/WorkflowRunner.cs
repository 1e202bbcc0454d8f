using System.Text.Json;
using Agent.Workflows.Activities;
using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution.Frames;
using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution;

/// <summary>
/// Runs the work queue of one instance until it is empty, suspended, faulted or cancelled, committing a
/// durable store after every activity so a crash loses at most the activity in progress.
/// </summary>
internal sealed class WorkflowRunner(IWorkflowInstanceStore store, Diagnostics.WorkflowTelemetry? telemetry = null)
{
    private const int PayloadLimit = 512;

    /// <param name="execution">The run.</param>
    /// <param name="cancelRequested">Asked with the instance's id between activities: true stops the instance as cancelled.</param>
    public async Task RunAsync(WorkflowExecution execution, Func<string, bool> cancelRequested)
    {
        using var run = telemetry?.StartRun(execution.Instance);
        await RunStepsAsync(execution, cancelRequested);
        await execution.Pending.FlushAsync(store, execution.Instance);
        Diagnostics.WorkflowTelemetry.EndRun(run, execution.Instance);
    }

    private async Task RunStepsAsync(WorkflowExecution execution, Func<string, bool> cancelRequested)
    {
        var instance = execution.Instance;
        var state = instance.State;
        if (instance.Status == WorkflowStatus.Running && state.Queue.Count == 0)
        {
            // Nothing to run (an empty flowchart): the instance ends as it would after its last step.
            UpdateStatus(execution);
            await CommitAsync(execution, null, [], [], []);
            return;
        }
        var step = new Step(execution);
        // One context reused for every activity of the run, one at a time.
        ActivityExecutionContext? context = null;
        // When the previous step ended, while nothing was written since: with a store that is not durable the next step
        // starts where the last one ended (routing in between takes well under a microsecond), so one clock read serves both.
        long? boundary = null;
        while (instance.Status == WorkflowStatus.Running && state.Queue.Count > 0)
        {
            if (cancelRequested(instance.Id)) { await CancelAsync(execution, step); return; }
            execution.CancellationToken.ThrowIfCancellationRequested();
            var item = state.Queue[0];
            var node = execution.Workflow[item.ActivityId];
            if (!node.Type.Descriptor.SafeToRerun && !await GuardRerunAsync(execution, node, item)) return;

            if (node.ChildScope is not null) { boundary = null; await EnterFlowchartAsync(execution, step, node, item); continue; }
            // Current while the activity runs, so what it starts (a Claude run, a child instance's link) hangs under it.
            using var span = telemetry?.StartActivity(execution.Instance, node.Node);
            var started = boundary ?? execution.Timestamp();
            boundary = null;
            var startedAt = execution.TimeAt(started);
            if (context is null) context = new ActivityExecutionContext(execution, node, item);
            else context.Reuse(node, item);
            if (item.BookmarkId is null && node.Activity is ICompositeActivity)
                context.OwnFrame = step.Frames.OpenComposite(node.Node.Id, item.FrameId, item.Id, ContainerVariables.Read(node.DeclaredVariables));
            try
            {
                if (item.BookmarkId is not null && node.Activity is IResumableActivity resumable) await resumable.ResumeAsync(context);
                else if (item.BookmarkId is null) await node.Activity.ExecuteAsync(context);
            }
            catch (OperationCanceledException) when (execution.CancellationToken.IsCancellationRequested || cancelRequested(instance.Id))
            {
                if (context.OwnFrame is { } own) state.Frames.Remove(own.Id);
                if (cancelRequested(instance.Id)) { await CancelAsync(execution, step); return; }
                throw; // the host is stopping: the instance stays Running and is resumed on the next start
            }
            catch (Exception e)
            {
                if (context.OwnFrame is { } own) state.Frames.Remove(own.Id);
                var failedAfter = execution.Elapsed(started, execution.Timestamp());
                if (await TryScheduleRetryAsync(execution, node, item, e, startedAt, failedAfter)) continue;
                await FaultAsync(execution, node, e, startedAt, failedAfter);
                return;
            }
            var ended = execution.Timestamp();
            var elapsed = execution.Elapsed(started, ended);
            try { await CompleteStepAsync(execution, step, node, context, startedAt, elapsed); }
            catch (Exception e) when (e is WorkflowFaultException or CompositeFaultException or Expressions.ExpressionException)
            {
                // Routing itself can fault (an invalid loop, a composite whose next step fails): the activity completed, the flow cannot go on.
                await FaultAsync(execution, e is CompositeFaultException cf ? cf.Node : node, e is CompositeFaultException ? e.InnerException! : e,
                    startedAt, elapsed);
                return;
            }
            if (!store.IsDurable) boundary = ended;
        }
    }

    private async Task CompleteStepAsync(WorkflowExecution execution, Step step, CompiledNode node,
        ActivityExecutionContext context, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var state = execution.State;
        var item = state.Queue[0];
        state.Queue.RemoveAt(0);
        // Only an execution that was retried has an entry (and reading the id of one that was not would make one).
        if (state.AttemptsIfAny is { Count: > 0 } attempts) attempts.Remove(item.Id);
        state.InProgress = null;
        var created = context.CreatedBookmarks ?? [];
        if (created.Count > 0) state.Bookmarks.AddRange(created);
        step.Router.ScheduleChildren(context);
        var startedComposite = context.OwnFrame is not null && context.Outcomes is null;
        IReadOnlyList<string> outcomes = context.Outcomes ?? (created.Count > 0 || startedComposite ? [] : DoneOutcome);
        // A composite that goes on running is journaled when it completes, with its whole span. Held until the commit:
        // routing below may still fault the step, and then only the fault is journaled.
        JournalEntry? entry = null;
        if (!startedComposite)
        {
            var status = created.Count > 0 && outcomes.Count == 0 ? JournalStatus.Suspended : JournalStatus.Completed;
            entry = Journal(execution, node, startedAt, elapsed, status, JoinOutcomes(outcomes), null, SummarizeOutputs(state, node));
        }
        if (context.FlowControl != FlowControl.None) await step.Router.ApplyFlowControlAsync(context);
        else if (outcomes.Count > 0)
        {
            if (context.OwnFrame is { } own) step.Frames.Clear(own.Id, keepFrame: false);
            await step.Router.RouteAsync(node, item.FrameId, outcomes);
        }
        await CommitStepAsync(execution, step, entry, created, execution.EndOf(startedAt, elapsed));
    }

    // A flowchart does not run as an activity: it opens a frame and schedules its start there, and completes
    // (journaled then) once nothing in the frame is pending.
    private async Task EnterFlowchartAsync(WorkflowExecution execution, Step step, CompiledNode node, WorkItem item)
    {
        execution.State.Queue.RemoveAt(0);
        var frame = step.Frames.OpenComposite(node.Node.Id, item.FrameId, item.Id, ContainerVariables.Read(node.DeclaredVariables));
        if (!step.Flow.Enter(node, frame.Id)) await step.Router.CompleteCompositeAsync(frame, ["Done"]);
        await CommitStepAsync(execution, step, null, [], execution.Clock.GetUtcNow());
    }

    // The step's own journal entry first, then those of the composites it completed.
    // `at` is when the step ended: its commit, and the composites it completed, are stamped with it.
    private async Task CommitStepAsync(WorkflowExecution execution, Step step, JournalEntry? entry, IReadOnlyList<Bookmark> created, DateTimeOffset at)
    {
        if (entry is not null) AddJournal(execution, entry);
        if (step.Router.AnyCompletedComposite)
        {
            foreach (var c in step.Router.CompletedComposites)
            {
                AddJournal(execution, Journal(execution, c.Node, c.StartedAt, at - c.StartedAt, JournalStatus.Completed, c.Outcomes, null, SummarizeOutputs(execution.State, c.Node)));
            }
            step.Router.CompletedComposites.Clear();
        }
        UpdateStatus(execution, at);
        await CommitAsync(execution, null, created, step.Frames.RemovedOrNone, [], at);
        // The pending commit copied the ids: the list is reused by the next step.
        if (step.Frames.RemovedOrNone.Count > 0) step.Frames.RemovedBookmarkIds.Clear();
    }

    // Straight into the pending commit: a list per step (or per run) in between was garbage the store never saw.
    private void AddJournal(WorkflowExecution execution, JournalEntry entry)
    {
        telemetry?.Record(entry);
        execution.Pending.AddJournal(entry, execution.Workflow.NodeCount);
    }

    private static void UpdateStatus(WorkflowExecution execution, DateTimeOffset? at = null)
    {
        var instance = execution.Instance;
        if (instance.State.Queue.Count > 0) return;
        instance.Status = instance.State.HasBookmarks ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
        if (instance.Status == WorkflowStatus.Finished) instance.FinishedAt = at ?? execution.Clock.GetUtcNow();
    }

    private async Task<bool> TryScheduleRetryAsync(WorkflowExecution execution, CompiledNode node, WorkItem item, Exception e, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        if (node.Retry is not { } retry || e is WorkflowFaultException) return false;
        var state = execution.State;
        var attempt = state.Attempts.GetValueOrDefault(item.Id) + 1;
        if (attempt >= retry.MaxAttempts) return false;
        state.Attempts[item.Id] = attempt;
        var entry = Journal(execution, node, startedAt, elapsed, JournalStatus.Retrying, null, $"{e.GetType().Name}: {e.Message} (attempt {attempt} of {retry.MaxAttempts})", null);
        await CommitAsync(execution, entry, [], [], []);
        await Task.Delay(retry.DelayBefore(attempt), execution.Clock, execution.CancellationToken);
        return true;
    }

    private async Task FaultAsync(WorkflowExecution execution, CompiledNode node, Exception e, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var message = e is WorkflowFaultException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        var incident = new Incident(node.Node.Id, node.Node.Type, message, e.GetType().FullName, e is WorkflowFaultException ? null : e.ToString(), execution.Clock.GetUtcNow());
        execution.State.Incidents.Add(incident);
        execution.Instance.Status = WorkflowStatus.Faulted;
        execution.Instance.FinishedAt = execution.Clock.GetUtcNow();
        var entry = Journal(execution, node, startedAt, elapsed, JournalStatus.Faulted, null, message, null);
        await CommitAsync(execution, entry, [], [], [incident]);
    }

    // An activity that must not run twice is marked in progress (and committed) before it runs; finding
    // the mark on a later run means the process died inside it, so the instance faults instead.
    private async Task<bool> GuardRerunAsync(WorkflowExecution execution, CompiledNode node, WorkItem item)
    {
        var state = execution.State;
        if (state.InProgress == item.Id || state.InProgress == node.Node.Id)
        {
            await FaultAsync(execution, node, new WorkflowFaultException(
                $"Activity '{node.Node.Id}' ({node.Node.Type}) was interrupted by a crash and is not safe to run again; inspect its effects, then start a new instance."),
                execution.Clock.GetUtcNow(), TimeSpan.Zero);
            return false;
        }
        state.InProgress = item.Id;
        await CommitAsync(execution, null, [], [], []);
        return true;
    }

    private async Task CancelAsync(WorkflowExecution execution, Step step)
    {
        step.Frames.Clear(null, keepFrame: false);
        execution.Instance.Status = WorkflowStatus.Cancelled;
        execution.Instance.FinishedAt = execution.Clock.GetUtcNow();
        await CommitAsync(execution, null, [], step.Frames.RemovedOrNone, []);
        if (step.Frames.RemovedOrNone.Count > 0) step.Frames.RemovedBookmarkIds.Clear();
    }

    /// <summary>
    /// Records a step's changes (its journal entries went in through <see cref="AddJournal"/>, plus
    /// <paramref name="entry"/>); a durable store gets them at once, an in-memory one when the run stops.
    /// </summary>
    internal async Task CommitAsync(WorkflowExecution execution, JournalEntry? entry, IReadOnlyList<Bookmark> added,
        IReadOnlyList<string> removed, IReadOnlyList<Incident> incidents, DateTimeOffset? at = null)
    {
        execution.Instance.UpdatedAt = at ?? execution.Clock.GetUtcNow();
        if (entry is not null) AddJournal(execution, entry);
        execution.Pending.Add(added, removed, incidents);
        if (store.IsDurable) await execution.Pending.FlushAsync(store, execution.Instance);
    }

    private static JournalEntry Journal(WorkflowExecution execution, CompiledNode node, DateTimeOffset startedAt, TimeSpan elapsed,
        JournalStatus status, string? outcomes, string? error, string? payload) => new()
        {
            InstanceId = execution.Instance.Id, Sequence = ++execution.State.Sequence, ActivityId = node.Node.Id, ActivityType = node.Node.Type,
            ActivityName = node.Node.Name, StartedAt = startedAt, CompletedAt = startedAt + elapsed, DurationMs = elapsed.TotalMilliseconds,
            Status = status, Outcomes = outcomes, Error = error, Payload = payload,
        };

    private static readonly IReadOnlyList<string> DoneOutcome = ["Done"];

    // string.Join over the interface boxes an enumerator; nearly every activity completes with one outcome.
    private static string JoinOutcomes(IReadOnlyList<string> outcomes) => outcomes.Count switch
    {
        0 => "",
        1 => outcomes[0],
        _ => string.Join(",", outcomes),
    };

    private static string? SummarizeOutputs(WorkflowState state, CompiledNode node)
    {
        if (node.Type.Descriptor.Outputs.Count == 0 || !state.ActivityOutputs.TryGetValue(node.Node.Id, out var outputs)) return null;
        var json = JsonSerializer.Serialize(outputs, WorkflowJson.Options);
        return json.Length <= PayloadLimit ? json : json[..PayloadLimit] + "…";
    }

    /// <summary>
    /// The helpers the steps of one run work with; what a step drops or completes beyond itself is collected for its
    /// commit. A struct of three references, passed by value: an object more per instance start was garbage.
    /// </summary>
    private readonly struct Step
    {
        public Step(WorkflowExecution execution)
        {
            Frames = new FrameTree(execution.State, execution.Clock);
            Flow = new TokenFlow(execution.Workflow, execution.State, Frames);
            Router = new CompletionRouter(execution, Flow, Frames);
        }

        public TokenFlow Flow { get; }
        public FrameTree Frames { get; }
        public CompletionRouter Router { get; }
    }
}
