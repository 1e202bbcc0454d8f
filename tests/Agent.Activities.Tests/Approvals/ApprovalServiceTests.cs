using Agent.Activities.Approvals;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Approvals;

[TestClass]
public sealed class ApprovalServiceTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-approval-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_pending_approval_carries_its_summary_and_approving_continues_the_instance_once_with_an_audit()
    {
        await using var host = await EngineHost.OpenAsync(_folder);
        var started = await host.StartAsync(ApprovalWorkflow.Json());
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);

        var pending = (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single();
        Assert.AreEqual("Merge fix for CalcTests", pending.Title);
        Assert.AreEqual(" src/Calc.cs | +1 -1", pending.DiffStat);
        CollectionAssert.AreEqual(new[] { "the target is the agent's own repository." }, pending.RiskReasons.ToList());
        Assert.AreEqual(started.Id, pending.InstanceId);
        Assert.IsNotNull(pending.ExpiresAt);

        var outcome = await host.Approvals.DecideAsync(pending.Id, "approve", "ada", "looks right", TestContext.CancellationToken);

        var instance = await host.InstanceAsync(started.Id);
        Assert.AreEqual("Finished", outcome.InstanceStatus, string.Join("; ", instance.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "approved by ada" }, instance.State.OutputLines);
        Assert.AreEqual(0, (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Count);
        var audit = (await host.Approvals.ListDecidedAsync(10, TestContext.CancellationToken)).Single();
        Assert.AreEqual((pending.Id, "Approved", "ada", "looks right"), (audit.ApprovalId, audit.Decision, audit.By, audit.Comment));

        var again = await Assert.ThrowsExactlyAsync<ApprovalAlreadyDecidedException>(() => host.Approvals.DecideAsync(pending.Id, "reject", "bob", null, TestContext.CancellationToken));
        StringAssert.Contains(again.Message, "already approved by ada");
    }

    [TestMethod]
    public async Task Concurrent_decisions_from_two_processes_decide_exactly_once()
    {
        await using var first = await EngineHost.OpenAsync(_folder);
        await using var second = await EngineHost.OpenAsync(_folder);
        var started = await first.StartAsync(ApprovalWorkflow.Json());
        var id = (await first.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single().Id;

        using var go = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            go.Wait(TestContext.CancellationToken);
            var host = i % 2 == 0 ? first : second;
            try { return (object)await host.Approvals.DecideAsync(id, i % 3 == 0 ? "reject" : "approve", $"person-{i}", null, TestContext.CancellationToken); }
            catch (ApprovalAlreadyDecidedException e) { return e; }
        })).ToList();
        go.Set();
        var results = await Task.WhenAll(attempts);

        var winners = results.OfType<ApprovalOutcome>().ToList();
        Assert.AreEqual(1, winners.Count, "exactly one decision wins");
        Assert.IsTrue(results.OfType<ApprovalAlreadyDecidedException>().All(e => e.Record == winners[0].Record));
        var instance = await first.InstanceAsync(started.Id);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        var expectedLine = winners[0].Record.Decision == ApprovalDecisions.Approved ? $"approved by {winners[0].Record.By}" : "rejected";
        CollectionAssert.AreEqual(new[] { expectedLine }, instance.State.OutputLines, "the instance continued once, on the winning decision");
        Assert.AreEqual(1, (await first.Approvals.ListDecidedAsync(10, TestContext.CancellationToken)).Count);
    }

    [TestMethod]
    public async Task A_pending_approval_survives_a_restart_and_a_rejection_takes_the_rejected_path()
    {
        string instanceId, approvalId;
        await using (var before = await EngineHost.OpenAsync(_folder))
        {
            instanceId = (await before.StartAsync(ApprovalWorkflow.Json())).Id;
            approvalId = (await before.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single().Id;
        }
        await using var after = await EngineHost.OpenAsync(_folder);
        Assert.AreEqual(approvalId, (await after.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single().Id);

        await after.Approvals.DecideAsync(approvalId, "reject", "bob", "too risky", TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "rejected" }, (await after.InstanceAsync(instanceId)).State.OutputLines);
    }

    [TestMethod]
    public async Task Expiry_rejects_by_default()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await EngineHost.OpenAsync(_folder, clock);
        var started = await host.StartAsync(ApprovalWorkflow.Json(timeout: "00:10:00"));
        var id = (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single().Id;

        Assert.AreEqual(0, await host.Runtime.ResumeExpiredAsync(TestContext.CancellationToken), "nothing expires early");
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.AreEqual(1, await host.Runtime.ResumeExpiredAsync(TestContext.CancellationToken));

        CollectionAssert.AreEqual(new[] { "rejected" }, (await host.InstanceAsync(started.Id)).State.OutputLines);
        var audit = (await host.Approvals.ListDecidedAsync(10, TestContext.CancellationToken)).Single();
        Assert.AreEqual((id, "Rejected", "system"), (audit.ApprovalId, audit.Decision, audit.By));
        await Assert.ThrowsExactlyAsync<ApprovalAlreadyDecidedException>(() => host.Approvals.DecideAsync(id, "approve", "late", null, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Expiry_escalates_to_a_new_approval_then_rejects()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await EngineHost.OpenAsync(_folder, clock);
        var started = await host.StartAsync(ApprovalWorkflow.Json(onExpiry: "Escalate", timeout: "00:10:00", maxEscalations: 1));
        var first = (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single();

        clock.Advance(TimeSpan.FromMinutes(11));
        await host.Runtime.ResumeExpiredAsync(TestContext.CancellationToken);
        var escalated = (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single();
        Assert.AreEqual(first.Id, escalated.EscalatedFrom);
        Assert.AreNotEqual(first.Id, escalated.Id);
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);

        clock.Advance(TimeSpan.FromMinutes(11));
        await host.Runtime.ResumeExpiredAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { $"Approval {first.Id} expired and was escalated.", "rejected" }, (await host.InstanceAsync(started.Id)).State.OutputLines);
        CollectionAssert.AreEqual(new[] { "Escalated", "Rejected" }, (await host.Get<ApprovalAuditStore>().ListForInstanceAsync(started.Id)).Select(r => r.Decision).ToList());
    }

    [TestMethod]
    public async Task Bad_decisions_are_clear_errors_and_change_nothing()
    {
        await using var host = await EngineHost.OpenAsync(_folder);
        var started = await host.StartAsync(ApprovalWorkflow.Json());
        var id = (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single().Id;

        StringAssert.Contains((await Assert.ThrowsExactlyAsync<ApprovalInputException>(() => host.Approvals.DecideAsync(id, "maybe", "ada", null))).Message, "use 'approve' or 'reject'");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<ApprovalInputException>(() => host.Approvals.DecideAsync(id, "approve", " ", null))).Message, "who decides");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<ApprovalNotFoundException>(() => host.Approvals.DecideAsync("nope", "approve", "ada", null))).Message, "agent approvals");

        Assert.AreEqual(id, (await host.Approvals.ListPendingAsync(TestContext.CancellationToken)).Single().Id);
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);
        Assert.AreEqual(0, (await host.Approvals.ListDecidedAsync(10)).Count);
    }
}
