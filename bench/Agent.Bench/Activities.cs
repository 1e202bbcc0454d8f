using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Bench;

/// <summary>Does nothing but complete: measures the engine's own cost per activity (figures a, d, e).</summary>
[Activity("Bench", "Bench", "Completes at once; no work.")]
public sealed class Noop : IActivity
{
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>An activity that runs one <see cref="WorkUnit"/> step (figures b and c).</summary>
public abstract class WorkActivity(int step) : IActivity
{
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        WorkUnit.Steps[step]();
        context.Complete();
        return ValueTask.CompletedTask;
    }
}

[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 1).")] public sealed class Work1() : WorkActivity(0);
[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 2).")] public sealed class Work2() : WorkActivity(1);
[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 3).")] public sealed class Work3() : WorkActivity(2);
[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 4).")] public sealed class Work4() : WorkActivity(3);
[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 5).")] public sealed class Work5() : WorkActivity(4);
[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 6).")] public sealed class Work6() : WorkActivity(5);
[Activity("Bench", "Bench", "One work unit: SHA-256 over the bench buffer (step 7).")] public sealed class Work7() : WorkActivity(6);
