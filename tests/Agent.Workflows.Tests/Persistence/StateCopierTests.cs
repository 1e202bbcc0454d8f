using System.Text.Json;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Tests.Persistence;

[TestClass]
public sealed class StateCopierTests
{
    private static WorkflowState Populated() => new()
    {
        Variables = { ["n"] = 3, ["list"] = new List<object?> { 1, "a", new Dictionary<string, object?> { ["x"] = 1.5f } } },
        Input = { ["Name"] = "ada" },
        Output = { ["Result"] = true },
        ActivityOutputs = { ["a1"] = new Dictionary<string, object?> { ["result"] = new Dictionary<string, object?> { ["k"] = (short)2 } } },
        LastResult = 12.0,
        Queue = { new WorkItem("a2", "b1", new Dictionary<string, object?> { ["approved"] = true }) },
        Tokens = { new FlowToken("a1", "Done", "a2", "In") { Consumed = true, FrameId = "f1" }, new FlowToken("a3", "Done", "a2", "In") { Blocked = true } },
        Bookmarks = { new Bookmark { Id = "b1", Name = "approve", InstanceId = "i", ActivityId = "a2", FrameId = "f1", Payload = new() { ["why"] = "risky" }, ExpiresAt = DateTimeOffset.UnixEpoch } },
        Incidents = { new Incident("a9", "Elsa.Fault", "boom", "X", null, DateTimeOffset.UnixEpoch) },
        OutputLines = { "hello" },
        Attempts = { ["a4"] = 2 },
        InProgress = "a5",
        Sequence = 42,
        TriggerActivityId = "cron1",
        Parent = new ParentWorkflow("parent-1", "run", "exec-1", WaitForCompletion: true),
        Frames =
        {
            ["f1"] = new ExecutionFrame
            {
                Id = "f1", Kind = FrameKind.Child, ActivityId = "loop", ParentId = "f0", ChildActivityId = "body", ExecutionId = "x1", Tag = "2",
                StartedAt = DateTimeOffset.UnixEpoch, Variables = { ["CurrentValue"] = "Apple" }, ActivityOutputs = { ["w"] = new() { ["result"] = 1L } },
                Properties = { ["CurrentIndex"] = 3L }, Input = new() { ["n"] = 1L }, Output = new() { ["r"] = "ok" },
            },
        },
    };

    [TestMethod]
    public void TheSampleSetsEveryStateProperty()
    {
        var sample = Populated();
        foreach (var p in typeof(WorkflowState).GetProperties())
        {
            var value = p.GetValue(sample);
            var isEmpty = value is null || value is System.Collections.ICollection { Count: 0 } || value.Equals(p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null);
            Assert.IsFalse(isEmpty, $"WorkflowState.{p.Name} is not set by the sample; set it so the copy is checked against JSON.");
        }
    }

    [TestMethod]
    public void ACopyEqualsAJsonRoundTripAndSharesNothingMutable()
    {
        var original = Populated();
        var viaJson = JsonSerializer.Deserialize<WorkflowState>(JsonSerializer.SerializeToUtf8Bytes(original, StateJson.Options), StateJson.Options)!;
        var copy = StateCopier.Copy(original);
        Assert.AreEqual(JsonSerializer.Serialize(viaJson, StateJson.Options), JsonSerializer.Serialize(copy, StateJson.Options));
        Assert.AreEqual(3L, copy.Variables["n"]);

        ((List<object?>)original.Variables["list"]!).Add("later");
        original.Tokens[0].Consumed = false;
        original.Queue[0].ResumeInput!["approved"] = false;
        original.Bookmarks[0].Payload!["why"] = "changed";
        Assert.AreEqual(3, ((List<object?>)copy.Variables["list"]!).Count);
        Assert.IsTrue(copy.Tokens[0].Consumed);
        Assert.AreEqual(true, copy.Queue[0].ResumeInput!["approved"]);
        Assert.AreEqual("risky", copy.Bookmarks[0].Payload!["why"]);
        Assert.AreEqual(StringComparer.OrdinalIgnoreCase, copy.Input.Comparer);
    }

    [TestMethod]
    public void EmptyCollectionsStayUnmadeInTheCopyAndReadTheSame()
    {
        var original = new WorkflowState { Sequence = 7 };
        _ = original.Variables; // made but empty
        var copy = StateCopier.Copy(original);

        Assert.IsNull(copy.VariablesIfAny);
        Assert.IsNull(copy.TokensIfAny);
        Assert.IsNull(copy.QueueIfAny);
        Assert.IsNull(copy.FramesIfAny);
        Assert.AreEqual(JsonSerializer.Serialize(original, StateJson.Options), JsonSerializer.Serialize(copy, StateJson.Options));
        // Made on first read, with the comparer the state always uses.
        Assert.AreEqual(StringComparer.OrdinalIgnoreCase, copy.Input.Comparer);
        copy.Variables["x"] = 1;
        Assert.AreEqual(0, original.Variables.Count);
    }
}
