using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Composition;

/// <summary>
/// Marks a property holding one embedded child activity (Elsa's <c>[Port] IActivity</c>: a loop's <c>Body</c>, an
/// If's <c>Then</c>). The property is an <see cref="ActivityNode"/> bound from the node's JSON; the designer shows it
/// as an embedded port.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PortAttribute : Attribute
{
    /// <summary>The port's label in the designer; the property name when omitted.</summary>
    public string? DisplayName { get; init; }
}

/// <summary>
/// An activity that runs other activities it holds (Elsa's composites): it schedules children through
/// <see cref="ActivityExecutionContext.ScheduleChild"/>, is told when each completes, and completes itself when it
/// decides. Each scheduled child runs in its own frame, so loop iterations and parallel branches keep their own
/// variables, outputs and bookmarks.
/// </summary>
public interface ICompositeActivity : IActivity
{
    /// <summary>The child activities embedded in <paramref name="node"/>, each with its JSON path relative to the node.</summary>
    IEnumerable<EmbeddedChild> GetChildren(ActivityNode node);

    /// <summary>Called when a child scheduled by this activity has completed; the context is the composite's own.</summary>
    ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion);
}

/// <summary>A loop: an <c>Elsa.Break</c> inside its body ends the loop, which then completes with <c>Done</c>.</summary>
public interface ILoopActivity : ICompositeActivity;

/// <summary>
/// A composite that stands for a whole workflow (a workflow used as an activity): <c>Elsa.Complete</c> inside it ends
/// it with the outcomes it names.
/// </summary>
public interface IWorkflowScopeActivity : ICompositeActivity
{
    /// <summary>
    /// Called just before the activity completes — after its child, or ended by <c>Elsa.Complete</c> inside — while its
    /// frame still holds what ran inside (the outputs captured there); the context is the activity's own.
    /// </summary>
    ValueTask OnCompletingAsync(ActivityExecutionContext context);
}

/// <summary>A child activity embedded in a composite's node, with the JSON path under the node (e.g. <c>body</c>, <c>cases[1].activity</c>).</summary>
public sealed record EmbeddedChild(string Path, ActivityNode Node);

/// <summary>How a scheduled child ended.</summary>
/// <param name="ActivityId">The child activity's id.</param>
/// <param name="Tag">The tag given when the child was scheduled (e.g. the iteration index).</param>
/// <param name="Outcomes">The outcomes the child completed with.</param>
/// <param name="IsTerminal">True when the child is a terminal node (<c>Elsa.End</c>, <c>Elsa.Break</c>, <c>Elsa.Complete</c>…): a sequence stops there.</param>
public sealed record ChildCompletion(string ActivityId, string? Tag, IReadOnlyList<string> Outcomes, bool IsTerminal);
