using Agent.Workflows.Activities;
using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Execution.Frames;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Execution;

/// <summary>
/// What one activity execution sees: its inputs, the instance's variables, services, and the means to
/// complete with outcomes, wait on a bookmark, or end the flow.
/// </summary>
/// <remarks>
/// Valid for the duration of the <c>ExecuteAsync</c>/<c>ResumeAsync</c> call it is passed to: the runner reuses one
/// context for the activities of a run, one after another (a new object per activity was a third of what the engine
/// allocated per activity). Work an activity leaves running in the background must copy what it needs from the
/// context (the ids, the cancellation token, services) rather than keep the context.
/// </remarks>
public sealed class ActivityExecutionContext
{
    private readonly WorkflowExecution _execution;
    private IReadOnlyList<string>? _outcomes;
    private List<Bookmark>? _bookmarks;
    private List<ScheduledChild>? _children;
    private FrameScope? _scope;

    internal ActivityExecutionContext(WorkflowExecution execution, CompiledNode node, WorkItem workItem)
    {
        _execution = execution;
        CompiledNode = node;
        WorkItem = workItem;
    }

    /// <summary>Makes this context the one of a new execution in the same run, as if it had just been created.</summary>
    internal void Reuse(CompiledNode node, WorkItem workItem)
    {
        CompiledNode = node;
        WorkItem = workItem;
        _outcomes = null;
        _bookmarks = null;
        _children = null;
        _scope = null;
        OwnFrame = null;
        CompositeOutcomes = null;
        FlowControl = FlowControl.None;
    }

    internal CompiledNode CompiledNode { get; private set; }
    internal WorkItem WorkItem { get; private set; }

    /// <summary>The activity's node in the definition.</summary>
    public ActivityNode Node => CompiledNode.Node;

    /// <summary>The JSON path of the activity in its definition (e.g. <c>$.root.activities[2].body</c>), for error messages.</summary>
    public string NodePath => CompiledNode.Path;

    /// <summary>The activity's id in the definition.</summary>
    public string ActivityId => CompiledNode.Node.Id;

    /// <summary>
    /// The id of this execution: the same when the execution is retried or re-run after a crash, new each time the
    /// activity is scheduled. Effects outside the instance (a charge, a counted attempt, a stored record) keyed by it
    /// are applied once.
    /// </summary>
    public string ExecutionId => WorkItem.Id;

    /// <summary>The id of the running instance.</summary>
    public string InstanceId => _execution.Instance.Id;

    /// <summary>The instance's correlation id (used to match bookmarks).</summary>
    public string? CorrelationId => _execution.Instance.CorrelationId;

    /// <summary>Stops long work when the instance is cancelled or the host shuts down.</summary>
    public CancellationToken CancellationToken => _execution.CancellationToken;

    /// <summary>Input passed when the bookmark this execution resumes was resumed; null on a first execution.</summary>
    public IReadOnlyDictionary<string, object?>? ResumeInput => WorkItem.ResumeInput;

    /// <summary>True when this execution resumes a bookmark.</summary>
    public bool IsResuming => WorkItem.BookmarkId is not null;

    /// <summary>The id of the bookmark this execution resumes; null on a first execution.</summary>
    public string? ResumedBookmarkId => WorkItem.BookmarkId;

    /// <summary>
    /// True once when this activity is the trigger that started the instance (a schedule fired it): the trigger's
    /// event has already happened, so the activity completes instead of waiting (Elsa's <c>IsTriggerOfWorkflow</c>).
    /// </summary>
    public bool TryConsumeTrigger()
    {
        if (IsResuming || _execution.State.TriggerActivityId != ActivityId) return false;
        _execution.State.TriggerActivityId = null;
        return true;
    }

    /// <summary>What an expression sees; also lets activities read and write variables (those of enclosing loops and containers first).</summary>
    public IExpressionScope Scope => WorkItem.FrameId is null ? _execution : _scope ??= new FrameScope(_execution, WorkItem.FrameId);

    /// <summary>The frame this activity runs in; null in the root flowchart.</summary>
    internal string? FrameId => WorkItem.FrameId;

    /// <summary>A composite's own frame while it runs (set by the runner before the composite is called).</summary>
    internal ExecutionFrame? OwnFrame { get; set; }

    /// <summary>Children a composite asked to run during this call.</summary>
    internal IReadOnlyList<ScheduledChild>? ScheduledChildren => _children;

    /// <summary>For <see cref="FlowControl.CompleteComposite"/>: the outcomes the enclosing workflow activity completes with.</summary>
    internal IReadOnlyList<string>? CompositeOutcomes { get; private set; }

    /// <summary>The instance's name; <c>Elsa.SetName</c> changes it.</summary>
    public string? InstanceName { get => _execution.Instance.Name; set => _execution.Instance.Name = value; }

    /// <summary>
    /// Schedules <paramref name="child"/> (one of this composite's embedded activities) in a new frame holding
    /// <paramref name="variables"/>; <see cref="Activities.Composition.ICompositeActivity.OnChildCompletedAsync"/> is called when it completes.
    /// </summary>
    public void ScheduleChild(ActivityNode child, IReadOnlyDictionary<string, object?>? variables, string? tag)
    {
        if (OwnFrame is null) throw new InvalidOperationException($"Activity '{ActivityId}' is not a composite activity; only composites schedule children.");
        (_children ??= []).Add(new ScheduledChild(child.Id, variables, tag));
    }

    /// <summary>Reads a value of the composite's own state, kept across restarts; default when unset.</summary>
    public T? GetProperty<T>(string name) =>
        OwnFrame is not null && OwnFrame.Properties.TryGetValue(name, out var value) && value is not null ? ValueConverter.ConvertTo<T>(value) : default;

    /// <summary>Writes a value of the composite's own state (stored as a plain value).</summary>
    public void SetProperty(string name, object? value)
    {
        if (OwnFrame is null) throw new InvalidOperationException($"Activity '{ActivityId}' is not a composite activity; only composites keep properties.");
        OwnFrame.Properties[name] = ValueConverter.ToPlain(value);
    }

    /// <summary>Leaves the nearest enclosing loop (Elsa's <c>Break</c>).</summary>
    public void BreakLoop() => FlowControl = FlowControl.BreakLoop;

    /// <summary>Ends the nearest workflow used as an activity with <paramref name="outcomes"/>, or the instance at the top (Elsa's <c>Complete</c>).</summary>
    public void CompleteComposite(IReadOnlyList<string> outcomes)
    {
        FlowControl = FlowControl.CompleteComposite;
        CompositeOutcomes = outcomes;
    }

    /// <summary>The outcomes the activity completed with, or null while it has not completed.</summary>
    internal IReadOnlyList<string>? Outcomes => _outcomes;
    internal IReadOnlyList<Bookmark>? CreatedBookmarks => _bookmarks;
    internal FlowControl FlowControl { get; private set; }

    /// <summary>Evaluates an input.</summary>
    public T? Get<T>(Input<T>? input) =>
        input?.Expression is null ? default : (T?)_execution.Expressions.Evaluate(input.Expression, typeof(T), Scope);

    /// <summary>Evaluates an arbitrary expression to <typeparamref name="T"/>.</summary>
    public T? Evaluate<T>(ExpressionModel? expression) =>
        expression is null ? default : (T?)_execution.Expressions.Evaluate(expression, typeof(T), Scope);

    /// <summary>Sets an output; also writes the variable it is captured into, if the definition says so.</summary>
    public void Set<T>(Output<T>? output, T value)
    {
        if (output is null) return;
        var plain = ValueConverter.ToPlain(value);
        _execution.SetActivityOutput(ActivityId, output.Name, plain);
        FrameOutputs.Record(_execution.State, WorkItem.FrameId, ActivityId, output.Name, plain);
        if (output.VariableId is null) return;
        if (!FrameOutputs.TryCapture(_execution.State, WorkItem.FrameId, output.VariableId, plain)) _execution.CaptureOutput(output.VariableId, plain);
    }

    /// <summary>Sets an output of the workflow this activity runs in: the nearest workflow used as an activity, else the instance.</summary>
    public void SetWorkflowOutput(string name, object? value)
    {
        var plain = ValueConverter.ToPlain(value);
        if (!FrameOutputs.TrySetWorkflowOutput(_execution.State, WorkItem.FrameId, name, plain)) _execution.State.Output[name] = plain;
    }

    /// <summary>Reads a variable by name or id.</summary>
    public object? GetVariable(string nameOrId) => Scope.TryGetVariable(nameOrId, out var v) ? v : null;

    /// <summary>Writes a variable by name or id.</summary>
    public void SetVariable(string nameOrId, object? value) => Scope.SetVariable(nameOrId, ValueConverter.ToPlain(value));

    /// <summary>Appends a line to the instance's output (what <c>Elsa.WriteLine</c> prints).</summary>
    public void WriteLine(string text) => _execution.WriteLine(text);

    /// <summary>Resolves a service.</summary>
    public T GetRequiredService<T>() where T : notnull => _execution.Services.GetRequiredService<T>();

    /// <summary>A service from the host's container, or null when the host did not register one (an optional feature).</summary>
    public T? GetService<T>() where T : class => _execution.Services.GetService<T>();

    /// <summary>Completes the activity with the given outcomes (<c>Done</c> when none are given).</summary>
    public void Complete(params string[] outcomes)
    {
        // The common case (one call, default outcome) shares one immutable list instead of building one.
        if (_outcomes is null && outcomes.Length == 0) { _outcomes = DoneOutcome; return; }
        var merged = new List<string>(_outcomes ?? []);
        merged.AddRange(outcomes.Length == 0 ? DoneOutcome : outcomes);
        _outcomes = merged;
    }

    private static readonly IReadOnlyList<string> DoneOutcome = ["Done"];

    /// <summary>Suspends on a bookmark; the activity resumes when someone resumes it by id or by name and correlation.</summary>
    /// <returns>The new bookmark's id.</returns>
    public string CreateBookmark(string name, Dictionary<string, object?>? payload = null, DateTimeOffset? expiresAt = null)
    {
        var bookmark = new Bookmark
        {
            Id = Guid.NewGuid().ToString("N"), Name = name, InstanceId = InstanceId, ActivityId = ActivityId,
            CorrelationId = CorrelationId, Payload = payload, FrameId = WorkItem.FrameId, CreatedAt = _execution.Clock.GetUtcNow(), ExpiresAt = expiresAt,
        };
        (_bookmarks ??= []).Add(bookmark);
        return bookmark.Id;
    }

    /// <summary>Ends the enclosing flowchart: pending branches and bookmarks are dropped (Elsa's <c>End</c>).</summary>
    public void EndFlowchart() => FlowControl = FlowControl.EndFlowchart;

    /// <summary>Finishes the whole instance at once (Elsa's <c>Finish</c>).</summary>
    public void FinishWorkflow() => FlowControl = FlowControl.FinishWorkflow;

    /// <summary>The current time from the engine's clock (a test can control it).</summary>
    public DateTimeOffset Now => _execution.Clock.GetUtcNow();
}

/// <summary>A request from an activity to stop more than itself.</summary>
internal enum FlowControl { None, EndFlowchart, FinishWorkflow, BreakLoop, CompleteComposite }

/// <summary>A child a composite asked to run, with the variables of its frame.</summary>
internal sealed record ScheduledChild(string ActivityId, IReadOnlyDictionary<string, object?>? Variables, string? Tag);

/// <summary>Raised by an activity to fault the instance with a message (Elsa's <c>Fault</c>).</summary>
public sealed class WorkflowFaultException(string message, string? code = null) : Exception(message)
{
    /// <summary>An optional machine-readable code.</summary>
    public string? Code { get; } = code;
}
