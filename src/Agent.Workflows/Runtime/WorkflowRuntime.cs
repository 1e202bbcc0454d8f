using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Cluster;
using Agent.Workflows.Execution;
using System.Collections.Concurrent;
using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Runtime;

/// <summary>Finds the definition version an instance runs on.</summary>
public interface IWorkflowVersionSource
{
    /// <summary>The definition version with this id, or null.</summary>
    Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken);
}

/// <summary>Options for starting an instance.</summary>
public sealed record StartWorkflowOptions
{
    /// <summary>The instance's input: stored with its state and read by expressions (<c>getInput(name)</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Input { get; init; }
    /// <summary>Ties the instance to something outside it; its bookmarks carry it, so a resume by name can reach this instance alone.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>The new instance's id, for a caller that needs it before the run returns (to record or follow it); a new GUID when null.</summary>
    public string? InstanceId { get; init; }
    /// <summary>The trigger activity that started this instance (e.g. a scheduled <c>Elsa.Cron</c>); it completes at once instead of waiting.</summary>
    public string? TriggerActivityId { get; init; }
    /// <summary>
    /// Start now, as if the root flowchart's time trigger had fired (e.g. run a nightly <c>Elsa.Cron</c> workflow on
    /// demand): when the start activity is a scheduling trigger (<c>Elsa.Cron</c>, <c>Elsa.Timer</c>, <c>Elsa.Delay</c>) it
    /// completes at once instead of waiting — "now" is a time it may fire at. Other triggers (an <c>Elsa.Event</c> needs
    /// its event's payload) still wait. Ignored when <see cref="TriggerActivityId"/> is set.
    /// </summary>
    public bool FireStartTrigger { get; init; }
    /// <summary>The activity execution starting this instance as its child (<c>Elsa.ExecuteWorkflow</c>), recorded in its state.</summary>
    public ParentWorkflow? Parent { get; init; }
}

/// <summary>
/// Starts, resumes, cancels and recovers instances. Every state change goes through the instance store;
/// one instance runs on at most one thread of this process at a time.
/// </summary>
public sealed class WorkflowRuntime(
    IWorkflowInstanceStore store, IWorkflowVersionSource versions, WorkflowCompiler compiler,
    ExpressionEvaluatorRegistry expressions, IServiceProvider services, TimeProvider clock, Diagnostics.WorkflowTelemetry? telemetry = null)
{
    // The category of the time triggers a manual start may fire (FireStartTrigger).
    private const string ScheduleCategory = "Scheduling";
    private readonly InstanceLocks _locks = new();
    private readonly ConcurrentDictionary<string, bool> _cancelRequests = new(StringComparer.Ordinal);
    // Cancellations in progress: the runner asks before every activity, and while none is in progress the answer
    // needs no hash of the instance id.
    private int _cancelsInFlight;
    private readonly ActiveRuns _active = new();
    private readonly WorkflowRunner _runner = new(store, telemetry);
    private readonly RandomIds _ids = new();
    // Made once, not per run: a lambda over `this` is a new delegate at every evaluation.
    private Func<string, bool>? _cancelCheck;
    private Action<WorkflowInstance, string>? _lineSink;
    // Immutable, so one shared default serves every start that passes none.
    private static readonly StartWorkflowOptions NoOptions = new();
    // Resolved once: the benchmarked resume path must not pay a container lookup per call.
    private readonly Lazy<InstanceHolds> _holds = new(() => new InstanceHolds(services));

    /// <summary>Instances holding or awaiting an in-process lock right now.</summary>
    internal int LockedInstanceCount => _locks.Count;

    /// <summary>Ids of the instances this runtime is running right now (in this process), e.g. for an emergency stop to cancel.</summary>
    public IReadOnlyCollection<string> ActiveInstanceIds => _active.Ids;

    /// <summary>Raised for every line an instance writes (<c>Elsa.WriteLine</c>), as it is written.</summary>
    public event Action<WorkflowInstance, string>? LineWritten;

    /// <summary>Creates an instance of <paramref name="definition"/> and runs it until it finishes, suspends or faults.</summary>
    /// <exception cref="Validation.InvalidDefinitionException">The definition cannot run.</exception>
    public Task<WorkflowInstance> StartAsync(WorkflowDefinition definition, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default) =>
        StartCoreAsync(definition, options, null, cancellationToken);

    /// <summary>
    /// Creates an instance of <paramref name="definition"/>, returns as soon as it is stored, and runs it on the thread
    /// pool until it finishes, suspends or faults: for callers that must know the instance exists but cannot wait for
    /// its run (an HTTP dispatch; a spawned agent's worker, which runs a Claude process for minutes).
    /// </summary>
    /// <param name="definition">The definition to run.</param>
    /// <param name="options">How to start it.</param>
    /// <param name="cancellationToken">Cancels the run, as for <see cref="StartAsync"/> (e.g. the host's stopping token).</param>
    /// <returns>The run, which ends where <see cref="StartAsync"/> would return.</returns>
    /// <exception cref="Validation.InvalidDefinitionException">The definition cannot run.</exception>
    /// <remarks>An exception before the instance was stored (e.g. an instance with this id exists already) is thrown here.</remarks>
    public async Task<Task<WorkflowInstance>> DispatchAsync(WorkflowDefinition definition, StartWorkflowOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() => StartCoreAsync(definition, options, stored, cancellationToken), CancellationToken.None);
        await Task.WhenAny(stored.Task, run);
        if (!stored.Task.IsCompleted) await run;
        return run;
    }

    private async Task<WorkflowInstance> StartCoreAsync(WorkflowDefinition definition, StartWorkflowOptions? options, TaskCompletionSource? stored, CancellationToken cancellationToken)
    {
        options ??= NoOptions;
        var compiled = compiler.Compile(definition);
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = options.InstanceId ?? _ids.Next(), DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id, Version = definition.Version, Name = definition.Name,
            CorrelationId = options.CorrelationId, Status = WorkflowStatus.Running, CreatedAt = now, UpdatedAt = now,
        };
        instance.State.Parent = options.Parent;
        instance.State.TriggerActivityId = options.TriggerActivityId
            ?? (options.FireStartTrigger && compiled.Root.Start is { Type.Descriptor: { Kind: Activities.ActivityKind.Trigger, Category: ScheduleCategory } } start ? start.Node.Id : null);
        var execution = CreateExecution(instance, compiled, cancellationToken);
        execution.Initialize(options.Input);
        TokenFlow.Begin(compiled, instance.State);
        // Held from before the first commit: across replicas the lease is claimed before the instance is Running in
        // the store, so no takeover sweep can mistake a starting instance for an orphan.
        IReadOnlyList<WorkflowInstance>? endedChildren;
        await using (await _holds.Value.AcquireAsync(_locks, instance.Id, cancellationToken))
        {
            await _runner.CommitAsync(execution, null, [], [], [], now);
            if (stored is not null)
            {
                // A store in process memory is otherwise written when the run stops; a dispatch promises the instance now.
                await execution.Pending.FlushAsync(store, instance);
                stored.SetResult();
            }
            endedChildren = await RunHeldAsync(execution);
        }
        await ResumeForEndedChildrenAsync(endedChildren, cancellationToken);
        await ResumeParentAsync(instance, cancellationToken);
        return instance;
    }

    /// <summary>Resumes one bookmark with optional input. Exactly one of several concurrent attempts wins.</summary>
    /// <exception cref="BookmarkNotFoundException">No such bookmark (it never existed or was already resumed).</exception>
    /// <exception cref="ConcurrencyConflictException">Another caller resumed it at the same time.</exception>
    public async Task<WorkflowInstance> ResumeAsync(string bookmarkId, IReadOnlyDictionary<string, object?>? input = null, CancellationToken cancellationToken = default)
    {
        var bookmark = await store.FindBookmarkAsync(bookmarkId, cancellationToken)
            ?? throw new BookmarkNotFoundException($"Bookmark '{bookmarkId}' does not exist or was already resumed; list waiting bookmarks with 'agent instances show <id>'.");
        var (resumed, endedChildren) = await ResumeLockedAsync(bookmark, input, cancellationToken);
        await ResumeForEndedChildrenAsync(endedChildren, cancellationToken);
        await ResumeParentAsync(resumed, cancellationToken);
        return resumed;
    }

    private async Task<(WorkflowInstance Instance, IReadOnlyList<WorkflowInstance>? EndedChildren)> ResumeLockedAsync(
        Bookmark bookmark, IReadOnlyDictionary<string, object?>? input, CancellationToken cancellationToken)
    {
        var bookmarkId = bookmark.Id;
        await using (await _holds.Value.AcquireAsync(_locks, bookmark.InstanceId, cancellationToken))
        {
            var instance = await store.FindAsync(bookmark.InstanceId, cancellationToken)
                ?? throw new BookmarkNotFoundException($"Bookmark '{bookmarkId}' belongs to instance '{bookmark.InstanceId}', which no longer exists.");
            var index = instance.State.Bookmarks.FindIndex(b => b.Id == bookmarkId);
            if (index < 0) throw new ConcurrencyConflictException($"Bookmark '{bookmarkId}' was already resumed.");
            if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled)
                throw new ConcurrencyConflictException($"Instance '{instance.Id}' is {instance.Status}; its bookmarks can no longer be resumed.");
            var execution = CreateExecution(instance, await CompileVersionAsync(instance, cancellationToken), cancellationToken);
            var frameId = instance.State.Bookmarks[index].FrameId;
            instance.State.Bookmarks.RemoveAt(index);
            instance.State.Queue.Insert(0, new WorkItem(bookmark.ActivityId, bookmark.Id, input is null ? null : new(input)) { FrameId = frameId });
            instance.Status = WorkflowStatus.Running;
            // The claim is one commit: the bookmark row is deleted only if it still exists and the revision matches.
            await store.CommitAsync(new InstanceCommit(instance, instance.Revision, [], [], [bookmarkId], []), CancellationToken.None);
            return (instance, await RunHeldAsync(execution));
        }
    }

    /// <summary>Resumes every bookmark with this name (and correlation id, when given).</summary>
    public async Task<IReadOnlyList<WorkflowInstance>> ResumeByNameAsync(string name, string? correlationId, IReadOnlyDictionary<string, object?>? input = null, CancellationToken cancellationToken = default)
    {
        var results = new List<WorkflowInstance>();
        foreach (var b in await store.FindBookmarksAsync(name, correlationId, cancellationToken))
            results.Add(await ResumeAsync(b.Id, input, cancellationToken));
        return results;
    }

    /// <summary>Resumes bookmarks whose expiry has passed with input <c>{"expired": true}</c> (delays, timers, approval timeouts).</summary>
    public async Task<int> ResumeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var b in await store.FindExpiredBookmarksAsync(clock.GetUtcNow(), cancellationToken))
            if (await TryResumeAsync(b.Id, new Dictionary<string, object?> { ["expired"] = true }, cancellationToken)) count++;
        return count;
    }

    /// <summary>
    /// Resumes, oldest first, every bookmark named <paramref name="name"/> that <paramref name="ready"/> accepts (a
    /// message or a task has arrived for it, a pause was lifted…). Several resumers may race for one bookmark — threads,
    /// pollers, other processes — and the engine lets one win; a bookmark another resumer took first is skipped.
    /// </summary>
    /// <returns>How many bookmarks this call resumed.</returns>
    public async Task<int> ResumeReadyAsync(string name, Func<Bookmark, CancellationToken, ValueTask<bool>> ready, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var resumed = 0;
        foreach (var bookmark in (await store.FindBookmarksAsync(name, null, cancellationToken)).OrderBy(b => b.CreatedAt))
            if (await ready(bookmark, cancellationToken) && await TryResumeAsync(bookmark.Id, null, cancellationToken)) resumed++;
        return resumed;
    }

    // One resume of a bookmark is all it takes: losing the race to another resumer is not a failure.
    private async Task<bool> TryResumeAsync(string bookmarkId, IReadOnlyDictionary<string, object?>? input, CancellationToken cancellationToken)
    {
        try
        {
            await ResumeAsync(bookmarkId, input, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is ConcurrencyConflictException or BookmarkNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Cancels an instance: a running one stops after its current activity; a suspended one drops its bookmarks.</summary>
    public async Task<WorkflowInstance> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var cancelled = await CancelLockedAsync(instanceId, cancellationToken);
        await ResumeParentAsync(cancelled, cancellationToken);
        return cancelled;
    }

    private async Task<WorkflowInstance> CancelLockedAsync(string instanceId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _cancelsInFlight);
        _cancelRequests[instanceId] = true;
        try
        {
            await using var held = await _holds.Value.AcquireAsync(_locks, instanceId, cancellationToken);
            var instance = await store.FindAsync(instanceId, cancellationToken)
                ?? throw new InstanceNotFoundException($"Instance '{instanceId}' does not exist; list instances with 'agent instances list'.");
            if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled) return instance;
            var removed = instance.State.Bookmarks.Select(b => b.Id).ToList();
            instance.State.Bookmarks.Clear();
            instance.State.Queue.Clear();
            instance.Status = WorkflowStatus.Cancelled;
            instance.FinishedAt = clock.GetUtcNow();
            instance.UpdatedAt = instance.FinishedAt.Value;
            await store.CommitAsync(new InstanceCommit(instance, instance.Revision, [], [], removed, []), CancellationToken.None);
            return instance;
        }
        finally
        {
            _cancelRequests.TryRemove(instanceId, out _);
            Interlocked.Decrement(ref _cancelsInFlight);
        }
    }

    /// <summary>
    /// Deletes an instance with its bookmarks, journal and incidents. A running or suspended instance is cancelled first,
    /// so nothing resumes it half-deleted.
    /// </summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="NotSupportedException">The configured store cannot delete instances.</exception>
    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (store is not IWorkflowInstanceDeletion deletion)
            throw new NotSupportedException($"The instance store {store.GetType().Name} cannot delete instances.");
        var instance = await CancelAsync(instanceId, cancellationToken);
        await using var held = await _holds.Value.AcquireAsync(_locks, instance.Id, cancellationToken);
        if (!await deletion.DeleteAsync(instance.Id, cancellationToken))
            throw new InstanceNotFoundException($"Instance '{instanceId}' does not exist; list instances with 'agent instances list'.");
    }

    /// <summary>Continues every instance a crash left running. Call once at start-up.</summary>
    public async Task<IReadOnlyList<WorkflowInstance>> RecoverInterruptedAsync(CancellationToken cancellationToken = default)
    {
        var recovered = new List<WorkflowInstance>();
        foreach (var id in await store.FindInterruptedAsync(cancellationToken))
        {
            if (await RecoverOneAsync(id, cancellationToken) is { } instance) recovered.Add(instance);
        }
        // A crash between a child's end and its parent's resume leaves the parent waiting on an ended child.
        foreach (var waiting in await store.FindBookmarksAsync(ChildWorkflowStarter.BookmarkName, null, cancellationToken))
        {
            var childId = waiting.Payload?.GetValueOrDefault(ChildWorkflowStarter.ChildInstanceIdKey)?.ToString();
            if (childId is null || await store.FindAsync(childId, cancellationToken) is not { } child) continue;
            if (await ResumeParentAsync(child, cancellationToken) is { } parent) recovered.Add(parent);
        }
        return recovered;
    }

    /// <summary>
    /// Continues one instance left running by a process that died (a takeover): only when no process executes it now
    /// and, across replicas, its lease has expired — otherwise null. Read again under the lock, so an instance the
    /// previous owner finished meanwhile is not run twice.
    /// </summary>
    public async Task<WorkflowInstance?> RecoverAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return _active.Contains(instanceId) ? null : await RecoverOneAsync(instanceId, cancellationToken);
    }

    private async Task<WorkflowInstance?> RecoverOneAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await RecoverLockedAsync(instanceId, cancellationToken) is not var (instance, endedChildren)) return null;
        await ResumeForEndedChildrenAsync(endedChildren, cancellationToken);
        await ResumeParentAsync(instance, cancellationToken);
        return instance;
    }

    // Elsa resumes a waiting parent when its child ends for any reason, with the child's output. The bookmark is claimed
    // like any other, so of two attempts (the child's own run, start-up recovery) exactly one resumes the parent.
    private async Task<WorkflowInstance?> ResumeParentAsync(WorkflowInstance child, CancellationToken cancellationToken)
    {
        if (child.State.Parent is not { WaitForCompletion: true } link || !ChildWorkflowStarter.HasEnded(child)) return null;
        // The parent executes here now, perhaps in this very call (the child ended inside the step that started it, and
        // that step sees the end itself): its run takes the end up once it is over (ResumeForEndedChildrenAsync).
        if (_active.TryHandOver(link.InstanceId, child)) return null;
        var parent = await store.FindAsync(link.InstanceId, cancellationToken);
        if (parent is null || WaitingOn(parent, child.Id) is not { } bookmark) return null;
        try { return await ResumeAsync(bookmark.Id, new Dictionary<string, object?>(child.State.Output), cancellationToken); }
        catch (Exception e) when (e is ConcurrencyConflictException or BookmarkNotFoundException) { return null; }
    }

    // Its own method: a lambda over the child's id in ResumeParentAsync would allocate its closure on every call,
    // including the calls of instances that have no parent at all.
    private static Bookmark? WaitingOn(WorkflowInstance parent, string childId) =>
        parent.State.Bookmarks.FirstOrDefault(b => b.Name == ChildWorkflowStarter.BookmarkName
            && b.Payload?.GetValueOrDefault(ChildWorkflowStarter.ChildInstanceIdKey)?.ToString() == childId);

    // Read under the lock, which another replica holds while it executes the instance: a running instance found that
    // way is alive elsewhere, not interrupted, and one that replica just finished must not be run again.
    private async Task<(WorkflowInstance Instance, IReadOnlyList<WorkflowInstance>? EndedChildren)?> RecoverLockedAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var held = await _holds.Value.TryAcquireAsync(_locks, instanceId, cancellationToken);
        if (held is null) return null;
        var instance = await store.FindAsync(instanceId, cancellationToken);
        if (instance is null || instance.Status != WorkflowStatus.Running) return null;
        return (instance, await RunHeldAsync(CreateExecution(instance, await CompileVersionAsync(instance, cancellationToken), cancellationToken)));
    }

    // Runs an instance whose hold the caller has; returns the children that ended during the run (see ActiveRuns), which
    // the caller hands to ResumeForEndedChildrenAsync once it has let go of the hold. A run that throws (the host is
    // stopping) drops them: their ends are committed, and start-up recovery resumes every parent waiting on an ended child.
    private async Task<IReadOnlyList<WorkflowInstance>?> RunHeldAsync(WorkflowExecution execution)
    {
        var id = execution.Instance.Id;
        _active.Start(id);
        IReadOnlyList<WorkflowInstance>? endedChildren = null;
        try { await _runner.RunAsync(execution, _cancelCheck ??= IsCancelRequested); }
        finally
        {
            endedChildren = _active.End(id);
            await _holds.Value.RunEndedAsync(execution.Instance);
        }
        return endedChildren;
    }

    // Children that ended while their parent executed here: now that its run is over, each resumes the parent if it
    // still waits on that child (a step that saw the end itself has already moved on).
    private async Task ResumeForEndedChildrenAsync(IReadOnlyList<WorkflowInstance>? endedChildren, CancellationToken cancellationToken)
    {
        if (endedChildren is null) return;
        foreach (var child in endedChildren) await ResumeParentAsync(child, cancellationToken);
    }

    private async Task<CompiledWorkflow> CompileVersionAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var definition = await versions.FindVersionAsync(instance.DefinitionVersionId, cancellationToken)
            ?? throw new InstanceNotFoundException($"Instance '{instance.Id}' runs on definition version '{instance.DefinitionVersionId}', which is no longer stored; it cannot continue.");
        return compiler.Compile(definition);
    }

    private WorkflowExecution CreateExecution(WorkflowInstance instance, CompiledWorkflow compiled, CancellationToken cancellationToken) =>
        new(instance, compiled, services, expressions, clock, _lineSink ??= OnLineWritten, cancellationToken);

    private void OnLineWritten(WorkflowInstance instance, string line) => LineWritten?.Invoke(instance, line);

    private bool IsCancelRequested(string instanceId) => Volatile.Read(ref _cancelsInFlight) != 0 && _cancelRequests.ContainsKey(instanceId);
}

/// <summary>No bookmark with the given id or name exists.</summary>
public sealed class BookmarkNotFoundException(string message) : Exception(message);

/// <summary>No instance with the given id exists.</summary>
public sealed class InstanceNotFoundException(string message) : Exception(message);
