using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>The real runtime on the in-memory store: finished runs beyond the limit leave; waiting ones stay.</summary>
[TestClass]
public sealed class RetentionEngineTests
{
    private static readonly string TwoSteps = Flowchart([WriteLine("a", "a"), WriteLine("b", "b")], [C("a", "b")], id: "two-steps");
    private static readonly string Waits = Flowchart([WriteLine("a", "a"), A("w", "Elsa.Event", ("eventName", Lit("go")))], [C("a", "w")], id: "waits");

    [TestMethod]
    public async Task Starting_three_times_keep_last_runs_leaves_keep_last_finished_and_every_suspended_one()
    {
        const int n = 20;
        var engine = new TestEngine(new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepLast = n }));
        var waiting = await engine.StartAsync(Waits);
        var last = new List<string>();
        for (var i = 0; i < 3 * n; i++)
        {
            var run = await engine.StartAsync(TwoSteps);
            Assert.AreEqual(WorkflowStatus.Finished, run.Status);
            last.Add(run.Id);
        }

        Assert.AreEqual(n, await engine.Store.CountAsync(new InstanceQuery(Status: WorkflowStatus.Finished)));
        Assert.IsNull(await engine.Store.FindAsync(last[0]));
        Assert.AreEqual(2, (await engine.Store.GetJournalAsync(last[^1])).Count, "the newest keep their journal");
        Assert.AreEqual(WorkflowStatus.Suspended, (await engine.Store.FindAsync(waiting.Id))!.Status, "a waiting run is never removed");

        // Once resumed it finishes and counts like any other: the oldest finished one goes.
        var bookmark = (await engine.Store.FindBookmarksAsync("go", null)).Single();
        await engine.Runtime.ResumeAsync(bookmark.Id);
        Assert.AreEqual(n, await engine.Store.CountAsync(new InstanceQuery(Status: WorkflowStatus.Finished)));
        Assert.IsNotNull(await engine.Store.FindAsync(waiting.Id));
        Assert.IsNull(await engine.Store.FindAsync(last[2 * n]));
    }
}
