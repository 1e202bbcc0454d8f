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
        await WithStoreAsync(async definitions =>
        {

            var good = await definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(Flowchart([WriteLine("a", "a")], [], id: "good")));
            var bad = WorkflowDefinitionReader.Parse(Flowchart([WriteLine("a", "a"), A("b", "Elsa.Nope")], [C("a", "b"), C("a", "zzz")], id: "good"));
            var e = await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => definitions.SaveDraftAsync(bad));
            CollectionAssert.AreEquivalent(new[] { "$.root.activities[1].type", "$.root.connections[1].target.activity" }, e.Errors.Select(x => x.Path).ToArray());

            var stored = await definitions.GetAsync("good", VersionOptions.Latest);
            Assert.AreEqual(1, stored.Root.Activities!.Count, "the stored draft must be unchanged");
            Assert.AreEqual(good.Id, stored.Id);
        });
    }

    [TestMethod]
    public async Task ContainerMistakesAreRejectedWithTheirPathsAndNothingIsStored()
    {
        await WithStoreAsync(async definitions =>
        {

            var bad = WorkflowDefinitionReader.Parse(Flowchart(
                [ContainerDef.With(A("loop", "Elsa.ForEach", ("items", Lit(42, "Object"))), "body", WriteLine("w", "x")),
                 ContainerDef.With(A("if", "Elsa.If", ("condition", Js("true", "Boolean"))), "then", ContainerDef.Container("seq", "Elsa.Sequence", A("brk", "Elsa.Break"))),
                 ContainerDef.With(A("node", "Elsa.FlowNode"), "body", A("inner", "Elsa.Nope"))],
                [C("loop", "if"), C("if", "node")], id: "containers"));
            var e = await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => definitions.SaveDraftAsync(bad));
            CollectionAssert.AreEquivalent(
                new[] { "$.root.activities[0].items", "$.root.activities[1].then.activities[0].type", "$.root.activities[2].body.type" },
                e.Errors.Select(x => x.Path).ToArray(), string.Join("\n", e.Errors));
            StringAssert.Contains(e.Errors.Single(x => x.Path.EndsWith(".items")).Message, "not a list");
            StringAssert.Contains(e.Errors.Single(x => x.Path.Contains("then")).Message, "outside every loop");
            Assert.AreEqual(0, (await definitions.ListAsync(new DefinitionQuery())).TotalCount, "nothing is stored");
        });
    }

    private static async Task WithStoreAsync(Func<WorkflowDefinitionService, Task> test)
    {
        var dir = Directory.CreateTempSubdirectory("agent-validate-").FullName;
        try
        {
            var services = new ServiceCollection().AddWorkflowEngine().AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(dir, "w.db"));
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
            await test(provider.GetRequiredService<WorkflowDefinitionService>());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
