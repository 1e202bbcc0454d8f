using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Tests.Coordination.Distribution;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination;

/// <summary>Agent.WaitWhilePaused on the real engine and SQLite: a paused coordination holds the workflow until the flags are lifted.</summary>
[TestClass]
public sealed class WaitWhilePausedTests
{
    private const string Definition = """
        {
          "id": "hold-v1", "definitionId": "hold", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "hold", "type": "Agent.WaitWhilePaused" },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "handed out" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "hold", "port": "In" } },
              { "source": { "activity": "hold", "port": "Done" }, "target": { "activity": "say", "port": "In" } }
            ] }
        }
        """;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-wait-paused-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task Without_a_brake_the_workflow_goes_straight_on()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);

        var instance = await host.StartAsync(Definition);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        CollectionAssert.AreEqual(new[] { "handed out" }, instance.State.OutputLines.ToList());
    }

    [TestMethod]
    public async Task A_pause_holds_the_workflow_with_its_reason_until_resume_lifts_it_and_it_is_released_once()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        var control = host.Get<CoordinationControl>();
        var release = host.Get<PausedWorkflowRelease>();
        await control.PauseAsync("oscillation between impl-1 and impl-2", Token);
        await control.StopSpawnsAsync("cost spike", Token);

        var held = await host.StartAsync(Definition);

        Assert.AreEqual(WorkflowStatus.Suspended, held.Status);
        var lines = string.Join("\n", held.State.OutputLines);
        StringAssert.Contains(lines, "oscillation between impl-1 and impl-2");
        StringAssert.Contains(lines, "cost spike");
        StringAssert.Contains(lines, "agent agents resume");
        Assert.AreEqual(0, await release.ReleaseAsync(Token), "nothing is released while a flag is set");

        await control.ResumeAsync(Token);
        Assert.AreEqual(1, await release.ReleaseAsync(Token));

        var finished = await host.InstanceAsync(held.Id);
        Assert.AreEqual(WorkflowStatus.Finished, finished.Status, string.Join("; ", finished.State.Incidents.Select(i => i.Message)));
        Assert.AreEqual("handed out", finished.State.OutputLines[^1]);
        Assert.AreEqual(0, await release.ReleaseAsync(Token), "released once");
    }

    [TestMethod]
    public async Task A_resume_that_finds_the_coordination_paused_again_waits_again()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        var control = host.Get<CoordinationControl>();
        await control.PauseAsync("first incident", Token);
        var held = await host.StartAsync(Definition);
        var bookmark = held.State.Bookmarks.Single();
        await control.PauseAsync("second incident", Token);

        await host.Get<WorkflowRuntime>().ResumeAsync(bookmark.Id, null, Token);

        var again = await host.InstanceAsync(held.Id);
        Assert.AreEqual(WorkflowStatus.Suspended, again.Status);
        Assert.AreEqual(WaitWhilePaused.BookmarkName, again.State.Bookmarks.Single().Name);
        Assert.IsFalse(again.State.OutputLines.Contains("handed out"));
    }
}
