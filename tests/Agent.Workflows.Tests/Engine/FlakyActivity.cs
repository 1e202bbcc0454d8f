using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Counts executions per activity id.</summary>
public sealed class FlakyCounter
{
    public Dictionary<string, int> Calls { get; } = new();

    /// <summary>The execution id each call saw, in order.</summary>
    public List<string> ExecutionIds { get; } = [];
}

/// <summary>Fails its first <c>failures</c> executions, then writes "ok".</summary>
[Activity("Test", "Test", "Fails a number of times, then succeeds.")]
public sealed class FlakyActivity : IActivity
{
    [Input] public Input<int> Failures { get; set; } = null!;

    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var counter = context.GetRequiredService<FlakyCounter>();
        lock (counter)
        {
            var n = counter.Calls[context.ActivityId] = counter.Calls.GetValueOrDefault(context.ActivityId) + 1;
            counter.ExecutionIds.Add(context.ExecutionId);
            if (n <= context.Get(Failures)) throw new IOException($"transient failure {n}");
        }
        context.WriteLine("ok");
        return ValueTask.CompletedTask;
    }
}
