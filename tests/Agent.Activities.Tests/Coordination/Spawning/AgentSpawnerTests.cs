using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>AgentSpawner on the real engine and SQLite: the MaxAgents cap and its queue, the spawn stop, idempotency, roles, bad input.</summary>
[TestClass]
public sealed class AgentSpawnerTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-spawn-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task The_fifth_spawn_is_queued_under_MaxAgents_4_and_starts_when_a_worker_ends()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);
        var spawned = new List<SpawnRecord>();
        for (var i = 1; i <= 5; i++) spawned.Add(await host.Spawner().SpawnAsync(new SpawnRequest($"req-{i}", "implementer", CorrelationId: "cycle-1")));

        CollectionAssert.AreEqual(new[] { "started", "started", "started", "started", "queued" }, spawned.Select(s => s.Status).ToArray());
        await host.WaitForAsync(async () => (await Task.WhenAll(spawned.Take(4).Select(s => host.WorkerStatusAsync(s.AgentId)))).All(s => s == WorkflowStatus.Suspended), "four workers wait for a task");
        Assert.IsNull(await host.WorkerStatusAsync(spawned[4].AgentId), "the queued agent's worker must not run yet");
        Assert.IsNull(await host.Agents.FindAsync(spawned[4].AgentId), "a queued agent is registered only when it starts");
        Assert.AreEqual(spawned[0].AgentId, (await host.Agents.FindAsync(spawned[0].AgentId))!.Id);

        // One worker gets a task and runs to its end: its agent stops and the queued request takes the slot.
        await host.EnqueueAsync("t1", "implementer");
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(spawned[4].AgentId) == WorkflowStatus.Suspended, "the fifth agent's worker starts");

        var finished = new List<SpawnRecord>();
        foreach (var s in spawned.Take(4)) if (await host.WorkerStatusAsync(s.AgentId) == WorkflowStatus.Finished) finished.Add(s);
        Assert.AreEqual(1, finished.Count, "exactly one worker took the task and ended");
        Assert.AreEqual(AgentStatuses.Stopped, (await host.Agents.FindAsync(finished[0].AgentId))!.Status);
        Assert.AreEqual(SpawnStatuses.Started, (await host.Get<SpawnStore>().FindAsync("req-5", CancellationToken.None))!.Status);
        Assert.AreEqual(4L, host.Scalar("SELECT COUNT(*) FROM spawn_requests WHERE status = 'started'"));
    }

    [TestMethod]
    public async Task Stopping_an_agent_cancels_its_worker_and_frees_its_slot()
    {
        await using var host = await SpawnHost.OpenAsync(_folder, new Dictionary<string, string?> { ["Coordination:MaxAgents"] = "1" });
        var first = await host.Spawner().SpawnAsync(new SpawnRequest("a", "reviewer"));
        var second = await host.Spawner().SpawnAsync(new SpawnRequest("b", "reviewer"));
        Assert.AreEqual(SpawnStatuses.Queued, second.Status);
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(first.AgentId) == WorkflowStatus.Suspended, "the first worker waits");

        await host.Spawner().StopAsync(first.AgentId);

        await host.WaitForAsync(async () => await host.WorkerStatusAsync(second.AgentId) == WorkflowStatus.Suspended, "the second worker starts");
        Assert.AreEqual(WorkflowStatus.Cancelled, await host.WorkerStatusAsync(first.AgentId));
        Assert.AreEqual(AgentStatuses.Stopped, (await host.Agents.FindAsync(first.AgentId))!.Status);
        await Assert.ThrowsExactlyAsync<UnknownAgentException>(() => host.Spawner().StopAsync("nobody"));
    }

    [TestMethod]
    public async Task A_spawn_is_refused_while_spawns_are_stopped_and_names_the_reason()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);
        await host.Get<ICoordinationControl>().StopSpawnsAsync("incident inc-7: runaway spawning (depth 5)");

        var refused = await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => host.Spawner().SpawnAsync(new SpawnRequest("r", "planner")));

        StringAssert.Contains(refused.Message, "incident inc-7: runaway spawning");
        StringAssert.Contains(refused.Message, "agent agents resume");
        Assert.AreEqual(0L, host.Scalar("SELECT COUNT(*) FROM spawn_requests"));
        Assert.AreEqual(0L, host.Scalar("SELECT COUNT(*) FROM agents"));
    }

    [TestMethod]
    public async Task A_request_run_again_after_a_crash_starts_no_second_agent()
    {
        string agentId;
        await using (var host = await SpawnHost.OpenAsync(_folder))
        {
            agentId = (await host.Spawner().SpawnAsync(new SpawnRequest("exec-1:0", "implementer"))).AgentId;
            await host.WaitForAsync(async () => await host.WorkerStatusAsync(agentId) == WorkflowStatus.Suspended, "the worker waits");
            // The crash: the process died after the worker started but before the request was marked started.
            await host.Get<SpawnStore>().SetStatusAsync("exec-1:0", SpawnStatuses.Admitted, CancellationToken.None);
        }
        await using (var host = await SpawnHost.OpenAsync(_folder))
        {
            var again = await host.Spawner().SpawnAsync(new SpawnRequest("exec-1:0", "implementer"));
            await host.Get<WorkerLauncher>().DrainAsync();

            Assert.AreEqual(agentId, again.AgentId);
            Assert.AreEqual(SpawnStatuses.Started, again.Status);
            Assert.AreEqual(1L, host.Scalar("SELECT COUNT(*) FROM agents"));
            Assert.AreEqual(1L, host.Scalar("SELECT COUNT(*) FROM spawn_requests"));
            Assert.AreEqual(1, await host.Get<IWorkflowInstanceStore>().CountAsync(new InstanceQuery { DefinitionId = "agent-worker" }));
        }
    }

    [TestMethod]
    public async Task A_request_admitted_before_a_crash_is_started_once_by_the_rerun()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);
        // The crash: the slot was taken, but the process died before registering the agent or starting its worker.
        var agentId = AgentSpawner.AgentIdFor("implementer", "exec-2:0");
        await host.Get<SpawnStore>().AdmitAsync(new SpawnRecord("exec-2:0", agentId, "implementer", null, null, null, null, "acceptEdits",
            SpawnStatuses.Queued, AgentSpawner.InstanceIdFor(agentId), default), 4, CancellationToken.None);

        await host.Spawner().SpawnAsync(new SpawnRequest("exec-2:0", "implementer"));
        await host.Spawner().SpawnAsync(new SpawnRequest("exec-2:0", "implementer"));

        await host.WaitForAsync(async () => await host.WorkerStatusAsync(agentId) == WorkflowStatus.Suspended, "the worker waits");
        Assert.AreEqual(1L, host.Scalar("SELECT COUNT(*) FROM agents"));
        Assert.AreEqual(AgentStatuses.Starting, (await host.Agents.FindAsync(agentId))!.Status);
    }

    [TestMethod]
    public async Task Roles_get_their_permission_modes_and_configuration_overrides_them()
    {
        await using var host = await SpawnHost.OpenAsync(_folder, new Dictionary<string, string?>
        {
            ["Coordination:MaxAgents"] = "64",
            ["Coordination:Roles:researcher:PermissionMode"] = "default",
            ["Coordination:Roles:tester:PermissionMode"] = "acceptEdits",
        });
        async Task<string> ModeAsync(string role) => (await host.Spawner().SpawnAsync(new SpawnRequest($"mode-{role}", role))).PermissionMode;

        Assert.AreEqual("plan", await ModeAsync("reviewer"));
        Assert.AreEqual("plan", await ModeAsync("planner"));
        Assert.AreEqual("acceptEdits", await ModeAsync("implementer"));
        Assert.AreEqual("default", await ModeAsync("researcher"));
        Assert.AreEqual("acceptEdits", await ModeAsync("Tester"));
        await host.Get<WorkerLauncher>().DrainAsync();
    }

    [TestMethod]
    public async Task Bad_requests_are_refused_and_store_nothing()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);
        var spawner = host.Spawner();

        StringAssert.Contains((await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => spawner.SpawnAsync(new SpawnRequest("1", "wizard")))).Message, "implementer");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => spawner.SpawnAsync(new SpawnRequest("3", "implementer", MaxUsd: -1)))).Message, "negative");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => spawner.SpawnAsync(new SpawnRequest("4", "implementer", MaxTokens: -5)))).Message, "negative");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => spawner.SpawnAsync(new SpawnRequest("5", "implementer", ParentId: "ghost")))).Message, "ghost");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => spawner.SpawnAsync(new SpawnRequest(" ", "implementer")))).Message, "request id");
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => spawner.SpawnAsync(new SpawnRequest("6", "implementer", PermissionMode: "root")))).Message, "permission mode");

        Assert.AreEqual(0L, host.Scalar("SELECT COUNT(*) FROM spawn_requests"));
        Assert.AreEqual(0L, host.Scalar("SELECT COUNT(*) FROM agents"));
    }

    [TestMethod]
    public async Task A_spawn_without_the_worker_definition_is_refused_and_says_what_to_import()
    {
        await using var host = await SpawnHost.OpenAsync(_folder, importWorker: false);

        var refused = await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => host.Spawner().SpawnAsync(new SpawnRequest("x", "planner")));

        StringAssert.Contains(refused.Message, "agent-worker.json");
        Assert.AreEqual(0L, host.Scalar("SELECT COUNT(*) FROM spawn_requests"));
    }

    [TestMethod]
    public async Task A_configured_role_with_a_mode_Claude_does_not_know_fails_options_validation()
    {
        await using var host = await SpawnHost.OpenAsync(_folder, new Dictionary<string, string?> { ["Coordination:Roles:odd:PermissionMode"] = "yolo" }, importWorker: false);

        var failed = await Assert.ThrowsExactlyAsync<OptionsValidationException>(async () => await host.Spawner().SpawnAsync(new SpawnRequest("x", "odd")));

        StringAssert.Contains(failed.Message, "Coordination:Roles:odd:PermissionMode is 'yolo'");
    }

    [TestMethod]
    public async Task MaxAgents_of_zero_or_less_fails_options_validation()
    {
        foreach (var max in new[] { "0", "-1" })
        {
            await using var host = await SpawnHost.OpenAsync(Path.Combine(_folder, "m" + max), new Dictionary<string, string?> { ["Coordination:MaxAgents"] = max }, importWorker: false);
            var failed = await Assert.ThrowsExactlyAsync<OptionsValidationException>(async () => await host.Spawner().SpawnAsync(new SpawnRequest("x", "planner")));
            StringAssert.Contains(failed.Message, "MaxAgents");
        }
    }
}
