using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Frames;

/// <summary>
/// Carries an activity's completion to whatever holds it: the flowchart it stands in (tokens), or the composite that
/// scheduled it (which may then complete in turn, and so on outwards). Also applies what an activity asked for beyond
/// itself: children to run, a flowchart to end, a loop to leave, a workflow activity to complete.
/// </summary>
internal sealed class CompletionRouter(WorkflowExecution execution, TokenFlow flow, FrameTree frames)
{
    /// <summary>Journal entries of composites that completed during the step (written after the step's own entry).</summary>
    /// <remarks>Made on first completion: a run of plain activities completes no composite.</remarks>
    public List<CompletedComposite> CompletedComposites => _completed ??= [];

    /// <summary>True when a composite completed during the step (without making the list).</summary>
    public bool AnyCompletedComposite => _completed is { Count: > 0 };

    private List<CompletedComposite>? _completed;

    private WorkflowState State => execution.State;

    /// <summary>Queues the children a composite asked for, each in a new child frame of the composite.</summary>
    public void ScheduleChildren(ActivityExecutionContext context)
    {
        if (context.OwnFrame is not { } owner || context.ScheduledChildren is not { } children) return;
        foreach (var child in children)
        {
            var frame = frames.OpenChild(owner, child.ActivityId, child.Variables, child.Tag);
            State.Queue.Add(new WorkItem(child.ActivityId) { FrameId = frame.Id });
        }
    }

    /// <summary>Applies an activity's request to end more than itself.</summary>
    public async ValueTask ApplyFlowControlAsync(ActivityExecutionContext context)
    {
        switch (context.FlowControl)
        {
            case FlowControl.FinishWorkflow:
                frames.Clear(null, keepFrame: false);
                break;
            case FlowControl.EndFlowchart:
                // As in Elsa, a terminal activity ends the flowchart it stands in; as a composite's child (in a
                // sequence, a loop body) it just completes, and the composite sees a terminal child.
                if (frames.Find(context.FrameId) is { Kind: FrameKind.Child }) await RouteAsync(context.CompiledNode, context.FrameId, ["Done"]);
                else await EndAsync(frames.Find(context.FrameId), ["Done"]);
                break;
            case FlowControl.BreakLoop:
                var loop = frames.Nearest(context.FrameId, f => f.Kind == FrameKind.Composite && Node(f).Activity is ILoopActivity)
                    ?? throw new WorkflowFaultException($"Activity '{context.ActivityId}' (Elsa.Break) ran outside every loop; move it into the body of an Elsa.ForEach, Elsa.For or Elsa.While.");
                await EndAsync(loop, ["Done"]);
                break;
            case FlowControl.CompleteComposite:
                await EndAsync(frames.Nearest(context.FrameId, f => f.Kind == FrameKind.Composite && Node(f).Activity is IWorkflowScopeActivity),
                    context.CompositeOutcomes is { Count: > 0 } o ? o : ["Done"]);
                break;
        }
    }

    /// <summary>Routes the outcomes of <paramref name="node"/>, completed in frame <paramref name="frameId"/>.</summary>
    public async ValueTask RouteAsync(CompiledNode node, string? frameId, IReadOnlyList<string> outcomes)
    {
        var frame = frames.Find(frameId);
        if (frame is null || frame.Kind == FrameKind.Composite)
        {
            // The node stands in a flowchart: the root, or the frame of a nested one.
            if (flow.OnCompleted(node, frameId, outcomes)) await CompleteCompositeAsync(frame!, ["Done"]);
            return;
        }
        var owner = frames.Get(frame.ParentId!);
        var ownerNode = Node(owner);
        frames.Clear(frame.Id, keepFrame: false);
        var context = OwnContext(ownerNode, owner);
        var completion = new ChildCompletion(node.Node.Id, frame.Tag, outcomes, node.Type.Descriptor.IsTerminal);
        try { await ((ICompositeActivity)ownerNode.Activity).OnChildCompletedAsync(context, completion); }
        catch (Exception e) when (e is not OperationCanceledException) { throw new CompositeFaultException(ownerNode, e); }
        ScheduleChildren(context);
        if (context.Outcomes is { } completed) await CompleteCompositeAsync(owner, completed);
    }

    /// <summary>Completes a running composite (or nested flowchart): drops what is left inside it, journals it, and routes its outcomes.</summary>
    public async ValueTask CompleteCompositeAsync(ExecutionFrame frame, IReadOnlyList<string> outcomes)
    {
        var node = Node(frame);
        if (node.Activity is IWorkflowScopeActivity scope)
        {
            // A workflow used as an activity turns what its inside captured into its outputs while its frame still exists.
            try { await scope.OnCompletingAsync(OwnContext(node, frame)); }
            catch (Exception e) when (e is not OperationCanceledException) { throw new CompositeFaultException(node, e); }
        }
        frames.Clear(frame.Id, keepFrame: false);
        CompletedComposites.Add(new CompletedComposite(node, frame.StartedAt, string.Join(",", outcomes)));
        await RouteAsync(node, frame.ParentId, outcomes);
    }

    // Ends a composite from inside (End, Break, Complete): everything left in it is dropped and it completes. With no
    // such composite around, the instance itself ends.
    private async ValueTask EndAsync(ExecutionFrame? frame, IReadOnlyList<string> outcomes)
    {
        if (frame is null) { frames.Clear(null, keepFrame: false); return; }
        frames.Clear(frame.Id, keepFrame: true);
        await CompleteCompositeAsync(frame, outcomes);
    }

    // The context of a running composite, as when it ran: its own frame, standing in its parent's frame.
    private ActivityExecutionContext OwnContext(CompiledNode node, ExecutionFrame frame) =>
        new(execution, node, new WorkItem(node.Node.Id) { Id = frame.ExecutionId!, FrameId = frame.ParentId }) { OwnFrame = frame };

    private CompiledNode Node(ExecutionFrame frame) => execution.Workflow[frame.ActivityId];
}

/// <summary>A composite that completed during a step, for its journal entry.</summary>
internal sealed record CompletedComposite(CompiledNode Node, DateTimeOffset StartedAt, string Outcomes);

/// <summary>A composite failed while handling a child's completion; the instance faults at the composite.</summary>
internal sealed class CompositeFaultException(CompiledNode node, Exception inner) : Exception(inner.Message, inner)
{
    public CompiledNode Node { get; } = node;
}
