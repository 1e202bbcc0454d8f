using System.Diagnostics;
using System.Text.Json;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Agents.AI.Workflows.Checkpointing;

namespace Agent.Bench;

/// <summary>
/// Peer 2: Microsoft Agent Framework workflows (Microsoft.Agents.AI.Workflows 1.28). The bench's 7-step pipelines as
/// seven executors wired with edges (<see cref="WorkflowBuilder.AddEdge(ExecutorBinding, ExecutorBinding)"/>), run in
/// process (<see cref="InProcessExecution.Default"/>, its default environment: supersteps off the calling thread; in a
/// trial Lockstep ran at 0.34–0.78 of its rate, OffThread and Concurrent at the same rate) one run after another, without checkpointing or
/// with a <see cref="CheckpointManager"/> over its <see cref="FileSystemJsonCheckpointStore"/> in a temp directory
/// (a checkpoint at the end of every superstep, which is what the framework does once a manager is given).
/// </summary>
public static class MafBench
{
    /// <summary>The steps of one pipeline.</summary>
    public const int Steps = 7;

    /// <summary>Builds the no-op pipeline (each step passes the step count on) or the work-unit pipeline (each step runs one <see cref="WorkUnit"/>).</summary>
    public static Pipeline Build(bool work)
    {
        var counter = new StepCounter();
        var steps = new ExecutorBinding[Steps];
        for (var i = 0; i < Steps; i++) steps[i] = new Step($"step{i + 1}", i, work, counter);
        var builder = new WorkflowBuilder(steps[0]);
        for (var i = 1; i < Steps; i++) builder.AddEdge(steps[i - 1], steps[i]);
        builder.WithOutputFrom(steps[^1]);
        return new Pipeline(builder.Build(), counter);
    }

    /// <summary>
    /// Runs <paramref name="runs"/> pipeline runs one after another (as the engine's loop starts one cycle after another)
    /// and verifies each: all seven steps completed, in order (the output is 7), and with checkpointing, at least one
    /// checkpoint per step was written. Returns the timed batch; throws when a run did not do the work.
    /// <paramref name="environment"/> defaults to <see cref="InProcessExecution.Default"/>.
    /// </summary>
    public static async Task<Batch> RunAsync(Pipeline pipeline, int runs, CheckpointManager? checkpoints, CountingCheckpointStore? store,
        CancellationToken cancellationToken = default, Microsoft.Agents.AI.Workflows.InProc.InProcessExecutionEnvironment? environment = null)
    {
        var env = environment ?? InProcessExecution.Default;
        if (checkpoints is not null) env = env.WithCheckpointing(checkpoints);
        var stepsBefore = pipeline.Counter.Count;
        var checkpointsBefore = store?.Created ?? 0;
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < runs; r++)
        {
            var before = pipeline.Counter.Count;
            await using var run = await env.RunAsync(pipeline.Workflow, 0, cancellationToken: cancellationToken);
            Verify(run, pipeline.Counter.Count - before);
        }
        // No thread CPU time: the default environment runs the supersteps off the calling thread.
        var time = new Measured(watch.Elapsed.TotalSeconds, double.NaN);
        var steps = pipeline.Counter.Count - stepsBefore;
        if (steps != (long)runs * Steps) throw new InvalidOperationException($"MAF ran {steps} steps in {runs} runs, expected {runs * Steps}: a run did not do all the work, so no figure is taken on it");
        if (store is not null && store.Created - checkpointsBefore < (long)runs * Steps)
            throw new InvalidOperationException($"MAF wrote {store.Created - checkpointsBefore} checkpoints in {runs} checkpointed runs, expected at least {runs * Steps} (one per superstep)");
        return new Batch(runs, time);
    }

    private static void Verify(Run run, long steps)
    {
        if (steps != Steps) throw new InvalidOperationException($"a MAF run executed {steps} of {Steps} steps; check the pipeline's edges");
        var output = run.OutgoingEvents.OfType<WorkflowOutputEvent>().LastOrDefault();
        if (output is null || !output.Is<int>(out var value) || value != Steps)
            throw new InvalidOperationException($"a MAF run yielded {(output is null ? "no output" : output.Data?.ToString())}, expected {Steps} from the last step");
    }

    /// <summary>One built workflow and the counter its steps increment.</summary>
    public sealed record Pipeline(Workflow Workflow, StepCounter Counter);

    /// <summary>Counts step executions of one pipeline (its steps may run on thread-pool threads).</summary>
    public sealed class StepCounter
    {
        private long _count;

        /// <summary>Steps executed so far.</summary>
        public long Count => Interlocked.Read(ref _count);

        /// <summary>Called by each step as it completes.</summary>
        public void Increment() => Interlocked.Increment(ref _count);
    }

    /// <summary>
    /// One step: takes the number of steps done so far, does its work (nothing, or one work unit), counts itself and
    /// returns the number plus one, which the framework sends along the step's outgoing edge (or yields as the output
    /// of the last step). Stateless, so one instance may serve every run (declared cross-run shareable).
    /// </summary>
    private sealed class Step(string id, int index, bool work, StepCounter counter) : Executor<int, int>(id, declareCrossRunShareable: true)
    {
        public override ValueTask<int> HandleAsync(int message, IWorkflowContext context, CancellationToken cancellationToken = default)
        {
            if (message != index) throw new InvalidOperationException($"step {index + 1} received {message}: the steps ran out of order");
            if (work) WorkUnit.Steps[index]();
            counter.Increment();
            return ValueTask.FromResult(message + 1);
        }
    }
}

/// <summary>
/// MAF's JSON file checkpoint store (<see cref="FileSystemJsonCheckpointStore"/>) with a count of the checkpoints it
/// wrote, so a checkpointed run that wrote none cannot pass as one.
/// </summary>
public sealed class CountingCheckpointStore(DirectoryInfo directory) : ICheckpointStore<JsonElement>, IDisposable
{
    private readonly FileSystemJsonCheckpointStore _inner = new(directory);
    private long _created;

    /// <summary>Checkpoints written so far.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <inheritdoc />
    public async ValueTask<CheckpointInfo> CreateCheckpointAsync(string sessionId, JsonElement value, CheckpointInfo? parent = null)
    {
        var info = await _inner.CreateCheckpointAsync(sessionId, value, parent);
        Interlocked.Increment(ref _created);
        return info;
    }

    /// <inheritdoc />
    public ValueTask<JsonElement> RetrieveCheckpointAsync(string sessionId, CheckpointInfo key) => _inner.RetrieveCheckpointAsync(sessionId, key);

    /// <inheritdoc />
    public ValueTask<IEnumerable<CheckpointInfo>> RetrieveIndexAsync(string sessionId, CheckpointInfo? withParent = null) => _inner.RetrieveIndexAsync(sessionId, withParent);

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
