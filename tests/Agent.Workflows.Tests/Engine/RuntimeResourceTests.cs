using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Model;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed class RuntimeResourceTests
{
    [TestMethod]
    public async Task FinishedAndSuspendedInstancesLeaveNoLockBehind()
    {
        var engine = new TestEngine();
        var json = Flowchart([WriteLine("a", "a"), A("w", "Elsa.Event", ("eventName", Lit("go")))], [C("a", "w")]);
        var instances = new List<Runtime.WorkflowInstance>();
        for (var i = 0; i < 50; i++) instances.Add(await engine.StartAsync(json));
        foreach (var instance in instances.Take(25)) await engine.Runtime.ResumeAsync(instance.State.Bookmarks.Single().Id);
        await engine.Runtime.CancelAsync(instances[30].Id);
        Assert.AreEqual(0, engine.Runtime.LockedInstanceCount);
    }

    [TestMethod]
    public void TheCompileCacheHitsOnEqualContentAndMissesOnAnEditedDraftWithTheSameId()
    {
        var compiler = new TestEngine().Services.GetRequiredService<WorkflowCompiler>();
        var json = Flowchart([WriteLine("a", "one")], []);
        var first = compiler.Compile(WorkflowDefinitionReader.Parse(json));
        Assert.AreSame(first, compiler.Compile(WorkflowDefinitionReader.Parse(json)), "same content loaded again must not recompile");
        var edited = compiler.Compile(WorkflowDefinitionReader.Parse(Flowchart([WriteLine("a", "two")], [])));
        Assert.AreNotSame(first, edited);
        Assert.AreEqual("two", edited.Definition.Root.Activities![0].GetInput("text")!.Expression!.Text);
    }
}
