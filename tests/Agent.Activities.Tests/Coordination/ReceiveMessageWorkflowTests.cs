using Agent.Activities.Coordination.Messaging;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination;

/// <summary>Workflows waiting in Agent.ReceiveMessage on the real engine and SQLite: resumed exactly once per message.</summary>
[TestClass]
public sealed class ReceiveMessageWorkflowTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-receive-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static MessageDraft Task(string from, string to, string title) =>
        new() { Type = "task", Sender = from, To = to, Payload = $$"""{ "title": "{{title}}" }""" };

    [TestMethod]
    public async Task A_waiting_workflow_is_resumed_once_by_a_send_and_a_message_already_there_completes_it_at_once()
    {
        await using var host = await MessagingHost.OpenAsync(_folder);
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        var waiting = await host.StartAsync(MessagingWorkflows.Receiver("impl-1"));
        Assert.AreEqual(WorkflowStatus.Suspended, waiting.Status);
        var bookmark = waiting.State.Bookmarks.Single();
        Assert.AreEqual((ReceiveMessage.BookmarkName, "impl-1"), (bookmark.Name, ReceiveMessage.FilterOf(bookmark)!.AgentId));

        var sent = await host.Bus.SendAsync(Task("planner-1", "impl-1", "Fix CalcTests"), Token);

        var done = await host.InstanceAsync(waiting.Id);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { """task from planner-1: {"title":"Fix CalcTests"}""" }, done.State.OutputLines);
        var delivery = (await host.Store.ListRecentAsync("impl-1", 10, Token)).Single();
        Assert.AreEqual((sent.Message.Id, DeliveryStates.Acked), (delivery.Message.Id, delivery.State));
        StringAssert.StartsWith(delivery.Consumer, "workflow:");

        await host.Bus.SendAsync(Task("planner-1", "impl-1", "Second"), Token);
        var second = await host.StartAsync(MessagingWorkflows.Receiver("impl-1", id: "receiver-2"));
        Assert.AreEqual(WorkflowStatus.Finished, second.Status, "a pending message completes the activity without waiting");
        CollectionAssert.AreEqual(new[] { """task from planner-1: {"title":"Second"}""" }, second.State.OutputLines);
    }

    [TestMethod]
    public async Task Two_concurrent_senders_in_two_processes_resume_the_waiting_workflow_once_per_message()
    {
        await using var first = await MessagingHost.OpenAsync(_folder);
        await using var second = await MessagingHost.OpenAsync(_folder);
        await first.RegisterAsync(("planner-1", "planner"), ("planner-2", "planner"), ("impl-1", "implementer"));
        var single = await first.StartAsync(MessagingWorkflows.Receiver("impl-1", type: "task"));

        using var go = new ManualResetEventSlim();
        var senders = new[] { (first, "planner-1"), (second, "planner-2") }.Select(s => System.Threading.Tasks.Task.Run(async () =>
        {
            go.Wait(Token);
            return await s.Item1.Bus.SendAsync(Task(s.Item2, "impl-1", $"from {s.Item2}"), Token);
        })).ToList();
        go.Set();
        await System.Threading.Tasks.Task.WhenAll(senders);

        var done = await first.InstanceAsync(single.Id);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status);
        Assert.AreEqual(1, done.State.OutputLines.Count, "resumed exactly once: " + string.Join(" | ", done.State.OutputLines));
        var states = (await first.Store.ListRecentAsync("impl-1", 10, Token)).Select(d => d.State).Order().ToList();
        CollectionAssert.AreEqual(new[] { DeliveryStates.Acked, DeliveryStates.Pending }, states, "the other message waits for the next receive");

        // A workflow receiving three in a row, with six senders racing across both processes: each message is handed over once.
        var loop = await first.StartAsync(MessagingWorkflows.Receiver("impl-1", type: "task", count: 4, id: "loop"));
        go.Reset();
        var racing = Enumerable.Range(0, 6).Select(i => System.Threading.Tasks.Task.Run(async () =>
        {
            go.Wait(Token);
            var host = i % 2 == 0 ? first : second;
            await host.Bus.SendAsync(Task(i % 2 == 0 ? "planner-1" : "planner-2", "impl-1", $"race {i}"), Token);
        })).ToList();
        go.Set();
        await System.Threading.Tasks.Task.WhenAll(racing);
        // What the server's poll does: a send that landed while the workflow was between two receives is delivered now.
        await first.Dispatcher.RecoverAsync(Token);

        var looped = await first.InstanceAsync(loop.Id);
        Assert.AreEqual(WorkflowStatus.Finished, looped.Status, string.Join("; ", looped.State.Incidents.Select(i => i.Message)));
        Assert.AreEqual(4, looped.State.OutputLines.Count);
        Assert.AreEqual(4, looped.State.OutputLines.Distinct().Count(), "no message twice: " + string.Join(" | ", looped.State.OutputLines));
        var all = await first.Store.ListRecentAsync("impl-1", 100, Token);
        Assert.AreEqual(5, all.Count(d => d.State == DeliveryStates.Acked), "1 + 4 received");
        Assert.AreEqual(3, all.Count(d => d.State == DeliveryStates.Pending), "7 sent in all");
    }

    [TestMethod]
    public async Task A_crash_between_storing_a_message_and_resuming_its_workflow_is_repaired_by_the_recovery_pass_once()
    {
        string instanceId;
        await using (var crashed = await MessagingHost.OpenAsync(_folder))
        {
            await crashed.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
            instanceId = (await crashed.StartAsync(MessagingWorkflows.Receiver("impl-1"))).Id;
            // The send's first half only: the message is stored, then the process dies before it resumes anyone.
            var draft = MessageValidator.Validate(Task("planner-1", "impl-1", "survives"), 65536);
            await crashed.Store.InsertAsync(draft, "m-crash", DateTimeOffset.UtcNow, Token);
            Assert.AreEqual(WorkflowStatus.Suspended, (await crashed.InstanceAsync(instanceId)).Status);
        }
        await using var restarted = await MessagingHost.OpenAsync(_folder);
        Assert.AreEqual(1, await restarted.Dispatcher.RecoverAsync(Token));
        Assert.AreEqual(0, await restarted.Dispatcher.RecoverAsync(Token), "a second pass finds nothing to do");

        var done = await restarted.InstanceAsync(instanceId);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status);
        CollectionAssert.AreEqual(new[] { """task from planner-1: {"title":"survives"}""" }, done.State.OutputLines);
        Assert.AreEqual(DeliveryStates.Acked, (await restarted.Store.ListRecentAsync("impl-1", 10, Token)).Single().State);
    }

    [TestMethod]
    public async Task A_workflows_send_resumes_another_workflow_waiting_for_that_correlation_only()
    {
        await using var host = await MessagingHost.OpenAsync(_folder);
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        var asker = await host.StartAsync(MessagingWorkflows.Receiver("impl-1", type: "answer", correlationId: "q-7"));

        await host.Bus.SendAsync(new MessageDraft { Type = "answer", Sender = "planner-1", To = "impl-1", CorrelationId = "q-6", Payload = """{ "text": "wrong question" }""" }, Token);
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(asker.Id)).Status, "another correlation id does not resume it");

        var answering = await host.StartAsync(MessagingWorkflows.Sender("answer", "planner-1", "impl-1", """{ text: 'MSTest' }""").Replace("\"to\":", "\"correlationId\": { \"typeName\": \"String\", \"expression\": { \"type\": \"Literal\", \"value\": \"q-7\" } }, \"to\":"));
        Assert.AreEqual(WorkflowStatus.Finished, answering.Status, string.Join("; ", answering.State.Incidents.Select(i => i.Message)));
        await host.Dispatcher.DrainAsync();

        var done = await host.InstanceAsync(asker.Id);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status);
        CollectionAssert.AreEqual(new[] { """answer from planner-1: {"text":"MSTest"}""" }, done.State.OutputLines);
        var sent = (await host.Store.ListRecentAsync("impl-1", 10, Token)).First(d => d.Message.CorrelationId == "q-7");
        Assert.AreEqual("wf-", sent.Message.Id[..3], "a workflow's message id comes from its execution id");
    }

    [TestMethod]
    public async Task Bad_input_in_the_activities_faults_the_instance_with_the_reason_and_stores_no_message()
    {
        await using var host = await MessagingHost.OpenAsync(_folder);
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));

        var unknown = await host.StartAsync(MessagingWorkflows.Receiver("ghost"));
        Assert.AreEqual(WorkflowStatus.Faulted, unknown.Status);
        StringAssert.Contains(unknown.State.Incidents.Single().Message, "agentId: No agent has id 'ghost'");

        var badType = await host.StartAsync(MessagingWorkflows.Receiver("impl-1", type: "gossip", id: "bad-type"));
        StringAssert.Contains(badType.State.Incidents.Single().Message, "messageType 'gossip' is not a message type");

        var badPayload = await host.StartAsync(MessagingWorkflows.Sender("review", "planner-1", "impl-1", """{ verdict: 'maybe', reasons: ['x'] }"""));
        Assert.AreEqual(WorkflowStatus.Faulted, badPayload.Status);
        StringAssert.Contains(badPayload.State.Incidents.Single().Message, "payload: The review payload does not match its schema: $.verdict is 'maybe'; give one of approve, reject");

        var noOne = await host.StartAsync(MessagingWorkflows.Sender("task", "planner-1", "role:reviewer", """{ title: 'x' }""", id: "no-one"));
        StringAssert.Contains(noOne.State.Incidents.Single().Message, "to: No live agent has role 'reviewer'");
        Assert.AreEqual(0, (await host.Store.ListRecentAsync(null, 10, Token)).Count);
    }

    [TestMethod]
    public async Task With_resume_on_send_off_the_message_waits_for_the_poll_which_delivers_it_once()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, new Dictionary<string, string?> { ["Coordination:ResumeOnSend"] = "false" });
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        var waiting = await host.StartAsync(MessagingWorkflows.Receiver("impl-1"));
        await host.Bus.SendAsync(Task("planner-1", "impl-1", "later"), Token);
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(waiting.Id)).Status, "this process runs no workflow on send");

        Assert.AreEqual(1, await host.Dispatcher.RecoverAsync(Token));
        var done = await host.InstanceAsync(waiting.Id);
        CollectionAssert.AreEqual(new[] { """task from planner-1: {"title":"later"}""" }, done.State.OutputLines);
    }

    [TestMethod]
    public async Task A_crash_after_the_activity_took_its_message_but_before_its_state_was_saved_hands_it_the_same_message_on_recovery()
    {
        string instanceId;
        await using (var dying = await MessagingHost.OpenAsync(_folder, wrapStore: inner => new DyingStore(inner, "Agent.ReceiveMessage")))
        {
            await dying.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
            instanceId = (await dying.StartAsync(MessagingWorkflows.Receiver("impl-1"))).Id;
            await dying.Bus.SendAsync(Task("planner-1", "impl-1", "first"), Token);
            await dying.Bus.SendAsync(Task("planner-1", "impl-1", "second"), Token);
            await dying.Dispatcher.DrainAsync();
            var taken = (await dying.Store.ListRecentAsync("impl-1", 10, Token)).Single(d => d.State != DeliveryStates.Pending);
            Assert.AreEqual("first", taken.Message.Payload.GetProperty("title").GetString(), "the activity took its message, then the process died");
            Assert.AreEqual(WorkflowStatus.Running, (await dying.InstanceAsync(instanceId)).Status, "the completion was never saved");
        }
        await using var restarted = await MessagingHost.OpenAsync(_folder);
        var recovered = await restarted.Runtime.RecoverInterruptedAsync(Token);
        Assert.AreEqual(instanceId, recovered.Single().Id);

        var done = await restarted.InstanceAsync(instanceId);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { """task from planner-1: {"title":"first"}""" }, done.State.OutputLines, "the re-run got the same message, not the second");
        var deliveries = await restarted.Store.ListRecentAsync("impl-1", 10, Token);
        Assert.AreEqual(DeliveryStates.Pending, deliveries.Single(d => d.Message.Payload.GetProperty("title").GetString() == "second").State);
        Assert.AreEqual(1, deliveries.Count(d => d.Consumer is not null));
    }
}
