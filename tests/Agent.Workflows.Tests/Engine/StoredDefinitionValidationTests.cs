using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Validation;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>The engine's validation guards the SQLite definition store: a definition that cannot run is never stored.</summary>
[TestClass]
public sealed class StoredDefinitionValidationTests
{
    [TestMethod]
    public async Task AnInvalidDefinitionIsRejectedWithPathsAndNothingIsStored()
    {
        var dir = Directory.CreateTempSubdirectory("agent-validate-").FullName;
        try
        {
            var services = new ServiceCollection().AddWorkflowEngine().AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(dir, "w.db"));
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
            var definitions = provider.GetRequiredService<WorkflowDefinitionService>();

            var good = await definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(Flowchart([WriteLine("a", "a")], [], id: "good")));
            var bad = WorkflowDefinitionReader.Parse(Flowchart([WriteLine("a", "a"), A("b", "Elsa.Nope")], [C("a", "b"), C("a", "zzz")], id: "good"));
            var e = await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => definitions.SaveDraftAsync(bad));
            CollectionAssert.AreEquivalent(new[] { "$.root.activities[1].type", "$.root.connections[1].target.activity" }, e.Errors.Select(x => x.Path).ToArray());

            var stored = await definitions.GetAsync("good", VersionOptions.Latest);
            Assert.AreEqual(1, stored.Root.Activities!.Count, "the stored draft must be unchanged");
            Assert.AreEqual(good.Id, stored.Id);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
