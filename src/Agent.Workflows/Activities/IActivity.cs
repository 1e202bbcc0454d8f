using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities;

/// <summary>
/// One step of a workflow. Instances are built once per compiled definition with their inputs bound
/// and are shared by every execution, so they must keep no per-execution state: all of it goes through the context.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the activity. Call <see cref="ActivityExecutionContext.Complete(string[])"/>, create a bookmark, or throw to fault.</summary>
    ValueTask ExecuteAsync(ActivityExecutionContext context);
}

/// <summary>An activity that does something specific when one of its bookmarks is resumed.</summary>
public interface IResumableActivity : IActivity
{
    /// <summary>Called when a bookmark this activity created is resumed; the resume input is in <see cref="ActivityExecutionContext.ResumeInput"/>.</summary>
    ValueTask ResumeAsync(ActivityExecutionContext context);
}

/// <summary>An activity that holds other activities (the flowchart); the runner executes its children itself.</summary>
public interface IContainerActivity : IActivity;

/// <summary>An activity whose outcome ports depend on its inputs (switch cases, fork branches).</summary>
public interface IDynamicOutcomes
{
    /// <summary>The ports this bound activity can complete with.</summary>
    IEnumerable<string> GetOutcomes();
}

/// <summary>An activity that joins inbound branches; the flowchart asks it how to merge.</summary>
public interface IJoinActivity
{
    /// <summary>The merge mode this bound activity asks for.</summary>
    Execution.Flowchart.MergeMode MergeMode { get; }
}

/// <summary>An activity that can check its bound inputs when a definition is validated (e.g. a literal cron expression).</summary>
public interface IValidatingActivity
{
    /// <summary>Problems with the bound inputs, each with the JSON name of the input concerned.</summary>
    IEnumerable<(string Input, string Problem)> Validate();
}
