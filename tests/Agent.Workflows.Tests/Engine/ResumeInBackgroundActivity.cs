using System.Collections.Concurrent;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Tests.Engine;

/// <summary>The background resumes <see cref="ResumeInBackgroundActivity"/> started, for the test to wait on.</summary>
public sealed class BackgroundResumes
{
    public ConcurrentBag<Task> Started { get; } = [];
}

/// <summary>
/// Starts, on the thread pool, a resume of the event <c>eventName</c> once the instance <c>waitFor</c> has suspended —
/// as a coordination step does (an enqueue resumes workers in the background, which later end the waiting child).
/// Task.Run carries the step's execution context, async-locals included, into that work.
/// </summary>
[Activity("Test", "Test", "Resumes an event in the background once an instance is suspended.")]
public sealed class ResumeInBackgroundActivity : IActivity
{
    [Input] public Input<string> EventName { get; set; } = null!;

    [Input] public Input<string> WaitFor { get; set; } = null!;

    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var runtime = context.GetRequiredService<WorkflowRuntime>();
        var store = context.GetRequiredService<IWorkflowInstanceStore>();
        var (name, waitFor) = (context.Get(EventName)!, context.Get(WaitFor)!);
        context.GetRequiredService<BackgroundResumes>().Started.Add(Task.Run(async () =>
        {
            for (var i = 0; i < 200 && (await store.FindAsync(waitFor))?.Status != WorkflowStatus.Suspended; i++) await Task.Delay(25);
            await runtime.ResumeByNameAsync(name, null);
        }));
        context.Complete();
        return ValueTask.CompletedTask;
    }
}

[Activity("Test", "Test", "Resumes the bookmarks of an event within its own step, before it completes.")]
public sealed class ResumeNowActivity : IActivity
{
    [Input] public Input<string> EventName { get; set; } = null!;

    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await context.GetRequiredService<WorkflowRuntime>().ResumeByNameAsync(context.Get(EventName)!, null, cancellationToken: context.CancellationToken);
        context.Complete();
    }
}
