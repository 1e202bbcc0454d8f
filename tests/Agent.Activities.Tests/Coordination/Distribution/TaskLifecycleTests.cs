using Agent.Testing.Postgres;
using Agent.Activities.Coordination.Distribution;
using Microsoft.Extensions.Options;
using Agent.Activities.Coordination;

namespace Agent.Activities.Tests.Coordination.Distribution;

/// <summary>Enqueue, heartbeat, expiry, completion and bad input on the real SQLite file, with a clock moved by hand.</summary>
public abstract class TaskLifecycleTests : CoordinationProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private string _folder = null!;
    private ManualClock _clock = null!;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = TempFolder.Create("agent-task-life-tests");
        _clock = new ManualClock(Start);
    }

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task Enqueueing_the_same_id_again_stores_nothing_new_and_a_different_task_under_it_is_refused_whole()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        var draft = new TaskDraft { Id = "gap-1", Kind = "gap", Role = "Implementer", Capabilities = ["Git", "git"], Payload = """{ "title":  "fix it" }""", CorrelationId = "cycle-7" };
        var first = (await host.Queue.EnqueueAsync([draft])).Single();
        Assert.IsFalse(first.AlreadyStored);
        Assert.AreEqual("implementer", first.Task.Role);
        CollectionAssert.AreEqual(new[] { "git" }, first.Task.Capabilities.ToArray());
        var again = (await host.Queue.EnqueueAsync([draft with { Payload = """{"title":"fix it"}""" }])).Single();
        Assert.IsTrue(again.AlreadyStored, "same content, other spacing: the same task");
        Assert.AreEqual(1, host.Scalar("SELECT COUNT(*) FROM tasks"));

        var clash = await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.EnqueueAsync(
            [new TaskDraft { Id = "gap-2", Kind = "gap", Role = "implementer" }, draft with { Payload = """{"title":"other"}""" }]));
        Assert.AreEqual("id", clash.Field);
        StringAssert.Contains(clash.Message, "already used by another task");
        Assert.AreEqual(1, host.Scalar("SELECT COUNT(*) FROM tasks"), "the list is all or none: gap-2 was not stored either");
    }

    [TestMethod]
    [DataRow("", "gap", "implementer", "{}", "id", "task id is empty")]
    [DataRow("bad id!", "gap", "implementer", "{}", "id", "is not valid")]
    [DataRow("t1", "", "implementer", "{}", "kind", "kind")]
    [DataRow("t1", "gap", "astronaut", "{}", "role", "no agent can have role 'astronaut'")]
    [DataRow("t1", "gap", "implementer", "{ \"title\": ", "payload", "not valid JSON")]
    public async Task Bad_tasks_are_refused_with_the_field_and_what_to_do_and_nothing_is_stored(string id, string kind, string role, string payload, string field, string says)
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        var good = new TaskDraft { Id = "good", Kind = "gap", Role = "implementer" };
        var e = await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.EnqueueAsync([good, new TaskDraft { Id = id, Kind = kind, Role = role, Payload = payload }]));
        Assert.AreEqual(field, e.Field);
        StringAssert.Contains(e.Message, says);
        Assert.AreEqual(0, (await host.Queue.ListAsync(null)).Count);
    }

    [TestMethod]
    public async Task Other_bad_input_is_refused_clearly()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("tester-1", "tester"));
        await host.EnqueueAsync("for-tester", "tester");
        Assert.AreEqual("for-tester", (await host.Queue.LeaseAsync("tester-1"))!.Id, "a role a registered agent has is accepted");
        var caps = await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.EnqueueAsync([new TaskDraft { Id = "t", Kind = "gap", Role = "implementer", Capabilities = [" "] }]));
        Assert.AreEqual("capabilities", caps.Field);
        Assert.AreEqual("tasks", (await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.EnqueueAsync([]))).Field);
        Assert.AreEqual("agentId", (await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.LeaseAsync(""))).Field);
        await Assert.ThrowsExactlyAsync<Agent.Activities.Coordination.Messaging.UnknownAgentException>(() => host.Queue.LeaseAsync("nobody"));
        await Assert.ThrowsExactlyAsync<UnknownTaskException>(() => host.Queue.GetAsync("missing"));
        Assert.AreEqual("status", (await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.ListAsync("finished"))).Field);
        var result = await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Queue.CompleteAsync("for-tester", "tester-1", "{oops"));
        Assert.AreEqual("result", result.Field);
        Assert.AreEqual(TaskStatuses.Leased, (await host.Queue.GetAsync("for-tester")).Status, "a bad result changes nothing");
        Assert.AreEqual(1, host.Scalar("SELECT COUNT(*) FROM tasks"));
    }

    [TestMethod]
    public async Task MaxAttempts_0_in_the_options_is_refused_naming_the_key()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings(new Dictionary<string, string?> { ["Coordination:MaxAttempts"] = "0" }));
        var e = Assert.ThrowsExactly<OptionsValidationException>(() => host.Get<IOptions<CoordinationOptions>>().Value);
        StringAssert.Contains(e.Message, "Coordination:MaxAttempts");
        StringAssert.Contains(e.Message, "0 would park every task");
        await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.Queue.EnqueueAsync([new TaskDraft { Id = "t1", Kind = "gap", Role = "implementer" }]));
        await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.Queue.ExpireLeasesAsync());
        Assert.IsFalse(File.Exists(Path.Combine(_folder, "coordination.db")), "refused before the database was even opened");
    }

    [TestMethod]
    public async Task Only_the_holder_may_heartbeat_and_a_heartbeat_after_the_lease_expired_fails()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"), ("b", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        await host.Queue.LeaseAsync("a");

        var stranger = await Assert.ThrowsExactlyAsync<LeaseLostException>(() => host.Queue.HeartbeatAsync("t1", "b"));
        StringAssert.Contains(stranger.Message, "held by agent a");
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.AreEqual(Start + TimeSpan.FromSeconds(50) + Lease, (await host.Queue.HeartbeatAsync("t1", "a")).LeaseExpiresAt, "a heartbeat extends by LeaseTimeout");
        _clock.Advance(TimeSpan.FromSeconds(50));
        await host.Queue.HeartbeatAsync("t1", "a");
        Assert.AreEqual(0, (await host.Queue.ExpireLeasesAsync()).Count, "kept alive by its heartbeats past the first minute");

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var late = await Assert.ThrowsExactlyAsync<LeaseLostException>(() => host.Queue.HeartbeatAsync("t1", "a"));
        StringAssert.Contains(late.Message, "expired");
        await Assert.ThrowsExactlyAsync<LeaseLostException>(() => host.Queue.CompleteAsync("t1", "a", "{}"));
        Assert.AreEqual(TaskStatuses.Leased, (await host.Queue.GetAsync("t1")).Status, "refused calls change nothing; the sweep moves it");
    }

    [TestMethod]
    public async Task An_expired_lease_goes_back_to_the_queue_until_MaxAttempts_then_the_task_is_parked_with_the_reason()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"), ("b", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        var holders = new[] { "a", "b", "a" };
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var leased = (await host.Queue.LeaseAsync(holders[attempt - 1]))!;
            Assert.AreEqual(attempt, leased.Attempts);
            _clock.Advance(Lease);
            var expired = (await host.Queue.ExpireLeasesAsync()).Single();
            Assert.AreEqual(holders[attempt - 1], expired.AgentId);
            Assert.AreEqual(attempt < 3 ? TaskStatuses.Queued : TaskStatuses.Parked, expired.Status);
        }
        var parked = await host.Queue.GetAsync("t1");
        Assert.AreEqual(TaskStatuses.Parked, parked.Status);
        StringAssert.Contains(parked.Reason, "lease expired 3 times (last held by agent a");
        Assert.IsNotNull(parked.FinishedAt);
        Assert.IsNull(await host.Queue.LeaseAsync("b"), "a parked task is not offered again");
        Assert.AreEqual(0, (await host.Queue.ExpireLeasesAsync()).Count);
    }

    [TestMethod]
    public async Task A_finished_task_is_never_redone()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"), ("b", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        await host.Queue.LeaseAsync("a");
        var done = await host.Queue.CompleteAsync("t1", "a", """{"commit": "abc"}""");
        Assert.AreEqual(TaskStatuses.Done, done.Status);
        Assert.AreEqual(done.UpdatedAt, (await host.Queue.CompleteAsync("t1", "a", """{ "commit" : "abc" }""")).UpdatedAt, "the same agent, the same result: a no-op");

        var other = await Assert.ThrowsExactlyAsync<TaskStateException>(() => host.Queue.CompleteAsync("t1", "a", """{"commit": "def"}"""));
        StringAssert.Contains(other.Message, "never redone");
        await Assert.ThrowsExactlyAsync<TaskStateException>(() => host.Queue.CompleteAsync("t1", "b", """{"commit": "abc"}"""));
        await Assert.ThrowsExactlyAsync<LeaseLostException>(() => host.Queue.HeartbeatAsync("t1", "a"));
        await Assert.ThrowsExactlyAsync<TaskStateException>(() => host.Queue.AssignAsync("t1"));
        await Assert.ThrowsExactlyAsync<TaskStateException>(() => host.Queue.CancelAsync("t1", "late"));
        Assert.IsTrue((await host.Queue.EnqueueAsync([new TaskDraft { Id = "t1", Kind = "subtask", Role = "implementer", Payload = "{}" }])).Single().AlreadyStored, "enqueueing it again does not requeue it");
        Assert.IsNull(await host.Queue.LeaseAsync("b"));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.AreEqual(0, (await host.Queue.ExpireLeasesAsync()).Count);
        Assert.AreEqual("""{"commit":"abc"}""", (await host.Queue.GetAsync("t1")).Result!.Value.GetRawText());
    }

    [TestMethod]
    public async Task A_failed_task_is_queued_again_or_parked_and_a_cancelled_one_loses_its_lease()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        await host.EnqueueAsync("t2", "implementer");
        await host.Queue.LeaseAsync("a");
        Assert.AreEqual(TaskStatuses.Queued, (await host.Queue.FailAsync("t1", "a", "build broke")).Status);
        await host.Queue.LeaseAsync("a");
        var parked = await host.Queue.FailAsync("t1", "a", "needs a human", retry: false);
        Assert.AreEqual(TaskStatuses.Parked, parked.Status);
        StringAssert.Contains(parked.Reason, "needs a human");

        await host.Queue.LeaseAsync("a");
        await host.Queue.CancelAsync("t2", "goal dropped");
        var lost = await Assert.ThrowsExactlyAsync<LeaseLostException>(() => host.Queue.HeartbeatAsync("t2", "a"));
        StringAssert.Contains(lost.Message, "cancelled");
    }
}

[TestClass]
public sealed class SqliteTaskLifecycleTests : TaskLifecycleTests
{
}

[TestClass]
public sealed class PostgresTaskLifecycleTests : TaskLifecycleTests
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
