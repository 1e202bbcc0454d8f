using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Agent.Bench;

/// <summary>
/// WorkflowCore 3.22 with its default in-memory persistence and single-node queue/lock providers: a 7-step
/// workflow (<c>StartWith&lt;&gt;().Then&lt;&gt;()…</c>) of no-op steps, the last of which counts completions.
/// </summary>
public static class WorkflowCoreBench
{
    public const string WorkflowId = "bench-7";

    /// <summary>What one run measured. <paramref name="Steps"/> counts step executions, so a run cut short still has a rate.</summary>
    public sealed record Result(int Started, int Completed, long Steps, TimeSpan Elapsed, bool TimedOut)
    {
        /// <summary>Completed cycles per second; for a run cut short, executed steps / 7 per second.</summary>
        public double CyclesPerSecond => (TimedOut ? Steps / 7.0 : Completed) / Elapsed.TotalSeconds;

        /// <summary>Cycle-equivalents done: completed cycles, or for a run cut short executed steps / 7.</summary>
        public double CyclesDone => TimedOut ? Steps / 7.0 : Completed;
    }

    /// <summary>Workers running workflows at once: one per core (on 2 cores this beat the default of 4 in trials).</summary>
    public static int Concurrency => Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// Options as a user tuning for throughput would set them: a 1 ms idle time instead of 100 ms (the sleep when a
    /// consumer finds nothing to do), a 100 ms poll interval instead of 10 s (also the read-ahead window within which
    /// a workflow's next step is re-queued at once) and one worker per core. In trials on this 2-core machine these
    /// settings were as fast as or faster than the defaults and than 8 or 16 workers.
    /// </summary>
    private static void Configure(WorkflowOptions o)
    {
        o.UseIdleTime(TimeSpan.FromMilliseconds(1));
        o.UsePollInterval(TimeSpan.FromMilliseconds(100));
        o.UseMaxConcurrentWorkflows(Concurrency);
    }

    /// <summary>
    /// Starts a fresh host, warms it up, then starts <paramref name="count"/> instances one after another and waits
    /// until the last step of all of them ran (or <paramref name="timeout"/> passed; then the rate is completed/elapsed).
    /// </summary>
    public static async Task<Result> RunAsync(int count, TimeSpan timeout, int warmup = 100)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddWorkflow(Configure);
        services.AddTransient<NoopStep>();
        services.AddTransient<LastStep>();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<SevenSteps, BenchData>();
        host.Start();
        try
        {
            if (warmup > 0) await RunBatchAsync(host, warmup, timeout);
            return await RunBatchAsync(host, count, timeout);
        }
        finally
        {
            host.Stop();
        }
    }

    private static async Task<Result> RunBatchAsync(IWorkflowHost host, int count, TimeSpan timeout)
    {
        var done = Completion.Reset(count);
        var watch = Stopwatch.StartNew();
        var started = 0;
        for (; started < count && watch.Elapsed < timeout; started++) await host.StartWorkflow(WorkflowId, 1, new BenchData());
        var remaining = timeout - watch.Elapsed;
        var finished = started == count && remaining > TimeSpan.Zero && await Task.WhenAny(done, Task.Delay(remaining)) == done;
        watch.Stop();
        return new Result(started, finished ? count : Completion.Count, Completion.Steps, watch.Elapsed, !finished);
    }

    /// <summary>Counts completed cycles; the last step increments it.</summary>
    private static class Completion
    {
        private static int _count, _target;
        private static long _steps;
        private static TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static int Count => Volatile.Read(ref _count);
        public static long Steps => Interlocked.Read(ref _steps);

        public static void Step() => Interlocked.Increment(ref _steps);

        public static Task Reset(int target)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _count, 0);
            Interlocked.Exchange(ref _steps, 0);
            Volatile.Write(ref _target, target);
            return _done.Task;
        }

        public static void Increment()
        {
            if (Interlocked.Increment(ref _count) == Volatile.Read(ref _target)) _done.TrySetResult();
        }
    }

    public sealed class BenchData;

    public sealed class NoopStep : StepBody
    {
        public override ExecutionResult Run(IStepExecutionContext context)
        {
            Completion.Step();
            return ExecutionResult.Next();
        }
    }

    public sealed class LastStep : StepBody
    {
        public override ExecutionResult Run(IStepExecutionContext context)
        {
            Completion.Step();
            Completion.Increment();
            return ExecutionResult.Next();
        }
    }

    public sealed class SevenSteps : IWorkflow<BenchData>
    {
        public string Id => WorkflowId;
        public int Version => 1;

        public void Build(IWorkflowBuilder<BenchData> builder) => builder
            .StartWith<NoopStep>()
            .Then<NoopStep>()
            .Then<NoopStep>()
            .Then<NoopStep>()
            .Then<NoopStep>()
            .Then<NoopStep>()
            .Then<LastStep>();
    }
}
