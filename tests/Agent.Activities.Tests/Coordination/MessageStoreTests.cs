using Agent.Testing.Postgres;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Tests.Coordination;

/// <summary>The bus and its store on a real SQLite file: routing, exactly-once claims, acks, and bad input that stores nothing.</summary>
public abstract class MessageStoreTests : CoordinationProviderTests
{
    private string _folder = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-messaging-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static MessageDraft Task(string from, string to, string title = "Fix CalcTests") =>
        new() { Type = "task", Sender = from, To = to, Payload = $$"""{ "title": "{{title}}" }""" };

    [TestMethod]
    public async Task A_role_message_reaches_each_live_agent_of_the_role_once_and_a_broadcast_everyone_but_the_sender()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await host.RegisterAsync(("planner-1", "planner"), ("rev-1", "reviewer"), ("rev-2", "reviewer"), ("rev-3", "reviewer"), ("impl-1", "implementer"));
        await host.Agents.SetStatusAsync("rev-3", AgentStatuses.Stopped, Token);

        var toRole = await host.Bus.SendAsync(new MessageDraft { Type = "review", Sender = "impl-1", To = "role:reviewer", Payload = """{ "verdict": "approve", "reasons": ["asking"] }""" }, Token);
        CollectionAssert.AreEqual(new[] { "rev-1", "rev-2" }, toRole.Recipients.ToList(), "stopped agents get nothing");
        Assert.AreEqual("role:reviewer", toRole.Message.Recipient);

        var broadcast = await host.Bus.SendAsync(new MessageDraft { Type = "cancel", Sender = "planner-1", To = "*", Payload = """{ "reason": "goal met" }""" }, Token);
        CollectionAssert.AreEqual(new[] { "impl-1", "rev-1", "rev-2" }, broadcast.Recipients.ToList());

        var inbox = await host.Bus.InboxAsync(new MessageFilter("rev-1"), TimeSpan.Zero, Token);
        CollectionAssert.AreEqual(new[] { "review", "cancel" }, inbox.Select(m => m.Message.Type).ToList(), "oldest first");
        Assert.IsTrue(inbox.All(m => m.State == DeliveryStates.Delivered && m.Consumer == MessageBus.InboxConsumer));
        Assert.AreEqual(0, (await host.Bus.InboxAsync(new MessageFilter("rev-1"), TimeSpan.Zero, Token)).Count, "never handed twice");
        Assert.AreEqual(2, (await host.Bus.InboxAsync(new MessageFilter("rev-2"), TimeSpan.Zero, Token)).Count, "each recipient has its own copy");
        Assert.AreEqual(0, (await host.Bus.InboxAsync(new MessageFilter("planner-1"), TimeSpan.Zero, Token)).Count, "the broadcast skipped its sender");
    }

    [TestMethod]
    public async Task Unknown_recipients_and_senders_are_refused_and_store_nothing()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        await host.Agents.SetStatusAsync("impl-1", AgentStatuses.Stopped, Token);

        var unknown = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(Task("planner-1", "impl-9"), Token));
        Assert.AreEqual(("to", "No agent has id 'impl-9'; send to a registered agent ('agent agents list'), to 'role:<name>', or to '*'."), (unknown.Field, unknown.Message));
        var stopped = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(Task("planner-1", "impl-1"), Token));
        StringAssert.Contains(stopped.Message, "Agent 'impl-1' is stopped");
        var noRole = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(Task("planner-1", "role:reviewer"), Token));
        StringAssert.Contains(noRole.Message, "No live agent has role 'reviewer'");
        var nobody = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(Task("planner-1", "*"), Token));
        StringAssert.Contains(nobody.Message, "register agents first");
        var ghost = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(Task("ghost", "planner-1"), Token));
        Assert.AreEqual("sender", ghost.Field);
        var malformed = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(Task("planner-1", "planner-1") with { Payload = "{" }, Token));
        Assert.AreEqual("payload", malformed.Field);

        Assert.AreEqual(0, (await host.Store.ListRecentAsync(null, 100, Token)).Count, "nothing stored");
        Assert.IsNull((await host.Agents.FindAsync("planner-1", Token))!.LastSeenAt, "a refused send does not count as the sender being seen");
    }

    [TestMethod]
    public async Task A_message_id_makes_a_repeated_send_store_once_and_a_reused_id_for_another_message_is_refused()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"), ("impl-2", "implementer"));
        var first = await host.Bus.SendAsync(Task("planner-1", "role:implementer") with { MessageId = "m-1" }, Token);
        var again = await host.Bus.SendAsync(Task("planner-1", "role:implementer") with { MessageId = "m-1" }, Token);
        Assert.IsFalse(first.AlreadyStored);
        Assert.IsTrue(again.AlreadyStored);
        CollectionAssert.AreEqual(first.Recipients.ToList(), again.Recipients.ToList());
        Assert.AreEqual(2, (await host.Store.ListRecentAsync(null, 100, Token)).Count, "one message, two deliveries");

        var clash = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.SendAsync(new MessageDraft { Type = "question", Sender = "impl-1", To = "planner-1", Payload = """{ "text": "?" }""", MessageId = "m-1" }, Token));
        Assert.AreEqual("messageId", clash.Field);
    }

    [TestMethod]
    public async Task Concurrent_claimers_from_two_processes_take_each_message_exactly_once()
    {
        await using var first = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await using var second = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await first.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        for (var i = 0; i < 40; i++) await first.Bus.SendAsync(Task("planner-1", "impl-1", $"task {i}"), Token);

        using var go = new ManualResetEventSlim();
        var claimers = Enumerable.Range(0, 8).Select(i => System.Threading.Tasks.Task.Run(async () =>
        {
            go.Wait(Token);
            var host = i % 2 == 0 ? first : second;
            var mine = new List<string>();
            for (var n = 0; n < 10; n++)
            {
                var taken = i % 3 == 0
                    ? await host.Bus.ReceiveAsync(new MessageFilter("impl-1"), $"exec-{i}-{n}", acknowledge: true, Token) is { } one ? [one] : []
                    : await host.Bus.InboxAsync(new MessageFilter("impl-1"), TimeSpan.Zero, Token);
                mine.AddRange(taken.Select(t => t.Message.Id));
            }
            return mine;
        })).ToList();
        go.Set();
        var all = (await System.Threading.Tasks.Task.WhenAll(claimers)).SelectMany(x => x).ToList();

        Assert.AreEqual(40, all.Count, "every message handed out");
        Assert.AreEqual(40, all.Distinct().Count(), "none twice");
    }

    [TestMethod]
    public async Task A_workflow_execution_claiming_again_gets_the_same_message_never_a_second()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        await host.Bus.SendAsync(Task("planner-1", "impl-1", "one"), Token);
        await host.Bus.SendAsync(Task("planner-1", "impl-1", "two"), Token);

        var taken = await host.Bus.ReceiveAsync(new MessageFilter("impl-1"), "exec-1", acknowledge: false, Token);
        var rerun = await host.Bus.ReceiveAsync(new MessageFilter("impl-1"), "exec-1", acknowledge: false, Token);
        Assert.AreEqual(taken!.Message.Id, rerun!.Message.Id, "a re-run after a crash sees the message it took");
        Assert.AreEqual("workflow:exec-1", rerun.Consumer);
        var other = await host.Bus.ReceiveAsync(new MessageFilter("impl-1"), "exec-2", acknowledge: true, Token);
        Assert.AreEqual("two", other!.Message.Payload.GetProperty("title").GetString());
        Assert.AreEqual(DeliveryStates.Acked, other.State);
        Assert.IsNull(await host.Bus.ReceiveAsync(new MessageFilter("impl-1"), "exec-3", acknowledge: true, Token));
    }

    [TestMethod]
    public async Task Acks_move_delivered_messages_to_acked_all_or_none()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"), ("impl-2", "implementer"));
        var one = await host.Bus.SendAsync(Task("planner-1", "impl-1", "one"), Token);
        var two = await host.Bus.SendAsync(Task("planner-1", "impl-1", "two"), Token);
        var elsewhere = await host.Bus.SendAsync(Task("planner-1", "impl-2"), Token);
        Assert.AreEqual(2, (await host.Bus.InboxAsync(new MessageFilter("impl-1"), TimeSpan.Zero, Token)).Count);

        var pending = await host.Bus.SendAsync(Task("planner-1", "impl-1", "three"), Token);
        var notYet = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.AckAsync("impl-1", [one.Message.Id, pending.Message.Id], Token));
        StringAssert.Contains(notYet.Message, "read it with agent_inbox first");
        var notMine = await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.AckAsync("impl-1", [elsewhere.Message.Id], Token));
        StringAssert.Contains(notMine.Message, "is not addressed to agent 'impl-1'");
        Assert.AreEqual(2, (await host.Bus.UnackedAsync("impl-1", Token)).Count, "the refused acks changed nothing");
        await Assert.ThrowsExactlyAsync<InvalidMessageException>(() => host.Bus.AckAsync("impl-1", [" "], Token));
        await Assert.ThrowsExactlyAsync<UnknownAgentException>(() => host.Bus.AckAsync("nobody", [one.Message.Id], Token));

        var acked = await host.Bus.AckAsync("impl-1", [one.Message.Id, two.Message.Id, one.Message.Id], Token);
        Assert.IsTrue(acked.All(a => a.State == DeliveryStates.Acked && a.AckedAt is not null));
        Assert.AreEqual(2, acked.Count);
        Assert.AreEqual(2, (await host.Bus.AckAsync("impl-1", [one.Message.Id, two.Message.Id], Token)).Count, "acking again is harmless");
        Assert.AreEqual(0, (await host.Bus.UnackedAsync("impl-1", Token)).Count);
    }

    [TestMethod]
    public async Task A_waiting_inbox_wakes_when_a_message_arrives_and_a_heartbeat_updates_the_senders_status()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        await host.RegisterAsync(("planner-1", "planner"), ("impl-1", "implementer"));
        var waiting = host.Bus.InboxAsync(new MessageFilter("planner-1", "heartbeat"), TimeSpan.FromSeconds(20), Token);
        await System.Threading.Tasks.Task.Delay(100, Token);
        Assert.IsFalse(waiting.IsCompleted);
        await host.Bus.SendAsync(Task("impl-1", "planner-1"), Token);
        await host.Bus.SendAsync(new MessageDraft { Type = "heartbeat", Sender = "impl-1", To = "planner-1", Payload = """{ "status": "working" }""" }, Token);
        var got = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.AreEqual("heartbeat", got.Single().Message.Type, "the type filter skipped the task");
        var impl = (await host.Agents.FindAsync("impl-1", Token))!;
        Assert.AreEqual(AgentStatuses.Working, impl.Status);
        Assert.IsNotNull(impl.LastSeenAt);
        await Assert.ThrowsExactlyAsync<UnknownAgentException>(() => host.Bus.InboxAsync(new MessageFilter("ghost"), TimeSpan.Zero, Token));
    }

    [TestMethod]
    public async Task Bad_registrations_are_refused()
    {
        await using var host = await MessagingHost.OpenAsync(_folder, settings: Settings());
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<InvalidAgentException>(() => host.Agents.RegisterAsync("", "planner", cancellationToken: Token))).Message, "is not valid");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<InvalidAgentException>(() => host.Agents.RegisterAsync("a-1", "the boss", cancellationToken: Token))).Message, "role 'the boss'");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<InvalidAgentException>(() => host.Agents.RegisterAsync("a-1", "planner", "asleep", Token))).Message, "use one of starting, idle, working, waiting, stopped");
        await Assert.ThrowsExactlyAsync<UnknownAgentException>(() => host.Agents.SetStatusAsync("a-1", "idle", Token));
        Assert.AreEqual(0, (await host.Agents.ListAsync(Token)).Count);
    }
}

[TestClass]
public sealed class SqliteMessageStoreTests : MessageStoreTests
{
}

[TestClass]
public sealed class PostgresMessageStoreTests : MessageStoreTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override PostgresServer? Server => s_server;
}
