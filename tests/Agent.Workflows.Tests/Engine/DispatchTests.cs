using Agent.Workflows.Activities;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>The gate <see cref="HeldActivity"/> waits at: the test opens it.</summary>
public sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Stays in its step until the test opens the <see cref="Gate"/>, as a worker's Claude run stays for minutes.</summary>
[Activity("Test", "Test", "Waits in its step until the test opens the gate.")]
public sealed class HeldActivity : IActivity
{
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var gate = context.GetRequiredService<Gate>();
        gate.Entered.TrySetResult();
        await gate.Open.Task;
        context.WriteLine("released");
        context.Complete();
    }
}

/// <summary><see cref="WorkflowRuntime.DispatchAsync"/>: back as soon as the instance is stored, the run goes on in the background.</summary>
[TestClass]
public sealed class DispatchTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string Held = Flowchart([A("Start", "Elsa.Start"), A("Hold", "Test.HeldActivity"), WriteLine("After", "after")],
        [C("Start", "Hold"), C("Hold", "After")]);

    private static TestEngine Engine(Gate gate) => new(configure: services =>
    {
        services.AddActivity<HeldActivity>();
        services.AddSingleton(gate);
    });

    [TestMethod]
    public async Task Returns_once_the_instance_is_stored_while_its_first_step_still_runs()
    {
        var gate = new Gate();
        var engine = Engine(gate);

        var run = await engine.Runtime.DispatchAsync(engine.Load(Held), new StartWorkflowOptions { InstanceId = "dispatched" }, TestContext.CancellationToken);

        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        Assert.IsFalse(run.IsCompleted, "the run is held in its step");
        Assert.AreEqual(WorkflowStatus.Running, (await engine.Store.FindAsync("dispatched"))?.Status, "the instance is stored before the run returns");

        gate.Open.SetResult();
        var finished = await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);
        Assert.AreEqual(WorkflowStatus.Finished, finished.Status);
        CollectionAssert.AreEqual(new[] { "released", "after" }, finished.State.OutputLines);
    }

    [TestMethod]
    public async Task A_start_that_fails_before_the_instance_is_stored_is_thrown_by_the_dispatch()
    {
        var gate = new Gate();
        gate.Open.SetResult();
        var engine = Engine(gate);
        var definition = engine.Load(Held);
        await engine.Runtime.StartAsync(definition, new StartWorkflowOptions { InstanceId = "taken" });

        // The id is taken: the first commit is refused, so nothing of this dispatch was stored or run.
        await Assert.ThrowsAsync<Exception>(() => engine.Runtime.DispatchAsync(definition, new StartWorkflowOptions { InstanceId = "taken" }, TestContext.CancellationToken));
        Assert.AreEqual(WorkflowStatus.Finished, (await engine.Store.FindAsync("taken"))!.Status, "the existing instance is untouched");
    }
}
