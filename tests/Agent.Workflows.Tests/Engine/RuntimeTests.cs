using System.Text.Json.Nodes;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed class RuntimeTests
{
    private static string EventFlow(string eventName = "approve") => Flowchart(
        [A("Start", "Elsa.Start"), WriteLine("Before", "before"), A("Wait", "Elsa.Event", ("eventName", Lit(eventName))), WriteLine("After", "after")],
        [C("Start", "Before"), C("Before", "Wait"), C("Wait", "After")]);

    [TestMethod]
    public async Task EventSuspendsAndResumeByIdFinishesWithPayloadAsOutput()
    {
        var engine = new TestEngine();
        var instance = await engine.StartAsync(EventFlow());
        Assert.AreEqual(WorkflowStatus.Suspended, instance.Status);
        var bookmark = instance.State.Bookmarks.Single();
        Assert.AreEqual("approve", bookmark.Name);
        Assert.IsNotNull(await engine.Store.FindBookmarkAsync(bookmark.Id));

        var resumed = await engine.Runtime.ResumeAsync(bookmark.Id, new Dictionary<string, object?> { ["by"] = "ada" });
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status);
        CollectionAssert.AreEqual(new[] { "before", "after" }, resumed.State.OutputLines);
        var result = (Dictionary<string, object?>)resumed.State.ActivityOutputs["Wait"]["result"]!;
        Assert.AreEqual("ada", result["by"]);
        Assert.IsNull(await engine.Store.FindBookmarkAsync(bookmark.Id));
    }

    [TestMethod]
    public async Task ResumeByNameAndCorrelationOnlyTouchesTheMatchingInstance()
    {
        var engine = new TestEngine();
        var json = EventFlow();
        var a = await engine.StartAsync(json, new StartWorkflowOptions { CorrelationId = "a" });
        var b = await engine.StartAsync(json, new StartWorkflowOptions { CorrelationId = "b" });
        var resumed = await engine.Runtime.ResumeByNameAsync("approve", "b");
        Assert.AreEqual(b.Id, resumed.Single().Id);
        Assert.AreEqual(WorkflowStatus.Suspended, (await engine.Store.FindAsync(a.Id))!.Status);
        Assert.AreEqual(WorkflowStatus.Finished, (await engine.Store.FindAsync(b.Id))!.Status);
    }

    [TestMethod]
    public async Task ResumingTwiceOrAMissingBookmarkIsAClearError()
    {
        var engine = new TestEngine();
        var instance = await engine.StartAsync(EventFlow());
        var id = instance.State.Bookmarks.Single().Id;
        await engine.Runtime.ResumeAsync(id);
        var twice = await Assert.ThrowsExactlyAsync<BookmarkNotFoundException>(() => engine.Runtime.ResumeAsync(id));
        StringAssert.Contains(twice.Message, id);
        StringAssert.Contains(twice.Message, "already resumed");
        await Assert.ThrowsExactlyAsync<BookmarkNotFoundException>(() => engine.Runtime.ResumeAsync("no-such-bookmark"));
    }

    [TestMethod]
    public async Task ConcurrentResumesOfOneBookmarkRunItExactlyOnce()
    {
        var engine = new TestEngine();
        var instance = await engine.StartAsync(EventFlow());
        var id = instance.State.Bookmarks.Single().Id;
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try { await engine.Runtime.ResumeAsync(id); return true; }
            catch (Exception e) when (e is BookmarkNotFoundException or ConcurrencyConflictException) { return false; }
        })).ToList();
        var results = await Task.WhenAll(attempts);
        Assert.AreEqual(1, results.Count(r => r));
        var stored = (await engine.Store.FindAsync(instance.Id))!;
        Assert.AreEqual(1, stored.State.OutputLines.Count(l => l == "after"));
        var journal = await engine.Store.GetJournalAsync(instance.Id);
        Assert.AreEqual(1, journal.Count(e => e.ActivityId == "After"));
    }

    [TestMethod]
    public async Task RetryPolicyRetriesTransientFailuresAndJournalsEachAttempt()
    {
        var engine = new TestEngine();
        var flaky = A("Flaky", "Test.FlakyActivity", ("failures", Lit(2, "Int32")));
        flaky["customProperties"] = new JsonObject { ["retryPolicy"] = new JsonObject { ["maxAttempts"] = 3, ["delayMs"] = 1 } };
        var instance = await engine.StartAsync(Flowchart([flaky], []));
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        var journal = await engine.Store.GetJournalAsync(instance.Id);
        CollectionAssert.AreEqual(new[] { JournalStatus.Retrying, JournalStatus.Retrying, JournalStatus.Completed }, journal.Select(e => e.Status).ToArray());
        StringAssert.Contains(journal[0].Error, "transient failure 1");
        var ids = engine.Services.GetRequiredService<FlakyCounter>().ExecutionIds;
        Assert.HasCount(3, ids);
        Assert.HasCount(1, ids.Distinct(), "a retry is the same execution: effects keyed by its id apply once");
    }

    [TestMethod]
    public async Task EachSchedulingOfAnActivityIsANewExecution()
    {
        var engine = new TestEngine();
        var first = A("First", "Test.FlakyActivity", ("failures", Lit(0, "Int32")));
        var second = A("Second", "Test.FlakyActivity", ("failures", Lit(0, "Int32")));
        var json = Flowchart([first, second], [C("First", "Second")]);
        await engine.StartAsync(json);
        await engine.StartAsync(json);
        var ids = engine.Services.GetRequiredService<FlakyCounter>().ExecutionIds;
        Assert.HasCount(4, ids);
        Assert.HasCount(4, ids.Distinct());
    }

    [TestMethod]
    public async Task ExhaustedRetriesFaultTheInstanceWithAnIncident()
    {
        var engine = new TestEngine();
        var flaky = A("Flaky", "Test.FlakyActivity", ("failures", Lit(5, "Int32")));
        flaky["customProperties"] = new JsonObject { ["retryPolicy"] = new JsonObject { ["maxAttempts"] = 2 } };
        var instance = await engine.StartAsync(Flowchart([flaky, WriteLine("Next", "never")], [C("Flaky", "Next")]));
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        var incident = instance.State.Incidents.Single();
        StringAssert.Contains(incident.Message, "transient failure 2");
        Assert.AreEqual("Flaky", incident.ActivityId);
        Assert.AreEqual(0, instance.State.OutputLines.Count);
        Assert.AreEqual(WorkflowStatus.Faulted, (await engine.Store.FindAsync(instance.Id))!.Status);
    }

    [TestMethod]
    public async Task CancelDropsBookmarksOfASuspendedInstance()
    {
        var engine = new TestEngine();
        var instance = await engine.StartAsync(EventFlow());
        var bookmarkId = instance.State.Bookmarks.Single().Id;
        var cancelled = await engine.Runtime.CancelAsync(instance.Id);
        Assert.AreEqual(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.IsNull(await engine.Store.FindBookmarkAsync(bookmarkId));
        await Assert.ThrowsExactlyAsync<InstanceNotFoundException>(() => engine.Runtime.CancelAsync("nope"));
    }

    [TestMethod]
    public async Task FinishDropsOtherWaitingBranches()
    {
        var engine = new TestEngine();
        var json = Flowchart(
            [A("Start", "Elsa.Start"), A("Wait", "Elsa.Event", ("eventName", Lit("never"))), WriteLine("Log", "finishing"), A("Finish", "Elsa.Finish")],
            [C("Start", "Wait"), C("Start", "Log"), C("Log", "Finish")]);
        var instance = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.AreEqual(0, instance.State.Bookmarks.Count);
        Assert.AreEqual(0, (await engine.Store.FindBookmarksAsync("never", null)).Count);
    }

    [TestMethod]
    public async Task WaitAnyJoinCancelsTheBranchStillWaiting()
    {
        var engine = new TestEngine();
        var json = Flowchart(
            [A("Start", "Elsa.Start"), A("Wait", "Elsa.Event", ("eventName", Lit("slow"))), WriteLine("Fast", "fast"), Join("Join", "WaitAny"), WriteLine("Done", "joined")],
            [C("Start", "Wait"), C("Start", "Fast"), C("Wait", "Join"), C("Fast", "Join"), C("Join", "Done")]);
        var instance = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        CollectionAssert.AreEqual(new[] { "fast", "joined" }, instance.State.OutputLines);
        Assert.AreEqual(0, (await engine.Store.FindBookmarksAsync("slow", null)).Count);
    }

    [TestMethod]
    public async Task DelayExpiresThroughTheClockAndResumes()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var engine = new TestEngine(configure: s => s.AddSingleton<TimeProvider>(clock));
        var json = Flowchart([A("Delay", "Elsa.Delay", ("timeSpan", Lit("00:10:00", "TimeSpan"))), WriteLine("After", "after")], [C("Delay", "After")]);
        var instance = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Suspended, instance.Status);
        Assert.AreEqual(0, await engine.Runtime.ResumeExpiredAsync());
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.AreEqual(1, await engine.Runtime.ResumeExpiredAsync());
        Assert.AreEqual(WorkflowStatus.Finished, (await engine.Store.FindAsync(instance.Id))!.Status);
    }

    [TestMethod]
    public async Task OutputsAreCapturedIntoVariablesAndReadableFromJavaScript()
    {
        var engine = new TestEngine();
        var wait = A("Wait", "Elsa.Event", ("eventName", Lit("go")));
        wait["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "payload" } };
        var json = Flowchart(
            [wait, A("Say", "Elsa.WriteLine", ("text", Js("'by ' + getPayload().who + ' / ' + getOutputFrom('Wait', 'result').who", "String")))],
            [C("Wait", "Say")], [Variable("payload", "Payload", "Object", null)]);
        var instance = await engine.StartAsync(json);
        var done = await engine.Runtime.ResumeAsync(instance.State.Bookmarks.Single().Id, new Dictionary<string, object?> { ["who"] = "grace" });
        CollectionAssert.AreEqual(new[] { "by grace / grace" }, done.State.OutputLines);
    }

    [TestMethod]
    public async Task WorkflowInputIsReadableFromJavaScript()
    {
        var engine = new TestEngine();
        var json = Flowchart([A("Say", "Elsa.WriteLine", ("text", Js("'hello ' + getInput('name')", "String")))], []);
        var instance = await engine.StartAsync(json, new StartWorkflowOptions { Input = new Dictionary<string, object?> { ["name"] = "world" } });
        CollectionAssert.AreEqual(new[] { "hello world" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task EveryExecutedActivityIsJournaledOnceWithItsOutcome()
    {
        var engine = new TestEngine();
        var json = Flowchart(
            [A("Start", "Elsa.Start"), A("Decide", "Elsa.FlowDecision", ("condition", Lit(true, "Boolean"))), WriteLine("Yes", "yes")],
            [C("Start", "Decide"), C("Decide", "Yes", "True")]);
        var instance = await engine.StartAsync(json);
        var journal = await engine.Store.GetJournalAsync(instance.Id);
        CollectionAssert.AreEqual(new[] { "Start", "Decide", "Yes" }, journal.Select(e => e.ActivityId).ToArray());
        Assert.AreEqual("True", journal[1].Outcomes);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3 }, journal.Select(e => e.Sequence).ToArray());
    }

    [TestMethod]
    public async Task SetVariableAcceptsTheVariableAsTheJsonTextElsaStudioWrites()
    {
        var set = A("Set", "Elsa.SetVariable", ("value", Js("41 + 1")));
        set["variable"] = "{\"id\":\"v1\",\"name\":\"Answer\",\"typeName\":\"Int32\"}";
        var json = Flowchart([set, A("Say", "Elsa.WriteLine", ("text", Js("'answer ' + getAnswer()", "String")))], [C("Set", "Say")],
            [Variable("v1", "Answer", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "answer 42" }, instance.State.OutputLines);
        Assert.AreEqual(42L, instance.State.Variables["Answer"]);
    }
}
