using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Instances on SQLite with the definition store: versions, restarts, runaway scripts.</summary>
[TestClass]
public sealed class VersionedExecutionTests
{
    private static string Approval(string after) => Flowchart(
        [A("Wait", "Elsa.Event", ("eventName", Lit("approve"))), WriteLine("After", after)], [C("Wait", "After")], id: "approval");

    private static ServiceProvider Build(string db) =>
        new ServiceCollection().AddWorkflowEngine().AddWorkflowPersistence(o => o.DatabasePath = db).BuildServiceProvider();

    [TestMethod]
    public async Task ARunningInstanceFinishesOnItsVersionAfterANewerOneIsPublishedAndAfterARestart()
    {
        var dir = Directory.CreateTempSubdirectory("agent-versions-").FullName;
        var db = Path.Combine(dir, "w.db");
        try
        {
            string instanceId, bookmarkId;
            await using (var provider = Build(db))
            {
                await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
                var definitions = provider.GetRequiredService<WorkflowDefinitionService>();
                await definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(Approval("v1 says hi")));
                var v1 = await definitions.PublishAsync("approval");
                var instance = await provider.GetRequiredService<WorkflowRuntime>().StartAsync(v1);
                (instanceId, bookmarkId) = (instance.Id, instance.State.Bookmarks.Single().Id);

                var draft = WorkflowDefinitionReader.Parse(Approval("v2 says hi"));
                await definitions.SaveDraftAsync(draft);
                var v2 = await definitions.PublishAsync("approval");
                Assert.AreEqual(2, v2.Version);
            }

            // A new process: the runtime finds the instance, its bookmark and its version in the database.
            await using (var provider = Build(db))
            {
                await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
                var done = await provider.GetRequiredService<WorkflowRuntime>().ResumeAsync(bookmarkId);
                Assert.AreEqual(instanceId, done.Id);
                Assert.AreEqual(WorkflowStatus.Finished, done.Status);
                Assert.AreEqual(1, done.Version);
                CollectionAssert.AreEqual(new[] { "v1 says hi" }, done.State.OutputLines);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task AScriptThatRunsForeverFaultsTheInstanceWithTheExpressionInTheIncident()
    {
        var engine = new TestEngine();
        var json = Flowchart([A("Spin", "Elsa.WriteLine", ("text", Js("while (true) {}", "String"))), WriteLine("Never", "never")], [C("Spin", "Never")]);
        var instance = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        var incident = instance.State.Incidents.Single();
        StringAssert.Contains(incident.Message, "while (true) {}");
        StringAssert.Contains(incident.Message, "timed out");
        Assert.AreEqual(0, instance.State.OutputLines.Count);
    }
}
