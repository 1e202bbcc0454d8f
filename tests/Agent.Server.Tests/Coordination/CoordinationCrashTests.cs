using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Server.Tests.Coordination;

/// <summary>
/// Crashes of coordinated agents with real processes: <c>agent serve</c> runs the shipped worker for each spawned agent,
/// the workers run the real Claude CLI against the scripted model server. One agent's Claude process is killed with
/// SIGKILL mid-task, and later the whole server is, and restarted. Every task must end done exactly once, handed on
/// only after its lease expired, and every result message must be stored and delivered once.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CoordinationCrashTests
{
    // "task two" and "task four" stall the first time they are asked (the process is killed meanwhile); every later
    // request for a task is answered at once.
    private const string Script = """
        { "rules": [
          { "match": { "promptContains": "crash-e2e task two" }, "fault": { "stallMs": 90000 }, "times": 1 },
          { "match": { "promptContains": "crash-e2e task four" }, "fault": { "stallMs": 90000 }, "times": 1 },
          { "match": { "promptContains": "crash-e2e task" }, "respond": { "text": "finished my crash-e2e task" } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_killed_claude_and_a_killed_server_lose_no_task_and_do_none_twice()
    {
        await using var f = await CoordinationFixture.CreateAsync(Script, Token,
            ("Coordination:MaxAgents", "2"), ("Coordination:LeaseTimeout", "00:00:20"), ("Coordination:MaxAttempts", "3"));
        var folders = Enumerable.Range(1, 5).ToDictionary(i => $"t{i}", i => f.Cli.Subfolder($"work-{i}"));
        object Payload(string task, string words) => new { prompt = $"crash-e2e task {words}: say you are done.", cwd = folders[task] };

        // Phase 1: two live agents on two tasks, a third task queued, two more agents queued behind MaxAgents 2.
        await using (var server = await f.StartServerAsync(Token))
        {
            foreach (var request in new[] { "crash-1", "crash-2", "crash-3", "crash-4" }) await f.SpawnAsync(request);
            await f.EnqueueAsync(("t1", "implementer", Payload("t1", "one")), ("t2", "implementer", Payload("t2", "two")), ("t3", "implementer", Payload("t3", "three")));

            await f.WaitUntilAsync(async () => f.ClaudeProcessesIn(folders["t2"]).Count > 0 && f.Model.Log.InFlight > 0, "task two's Claude waits on the model", Token);
            var holder = (await f.Tasks.FindAsync("t2", Token))!.LeaseOwner;
            foreach (var pid in f.ClaudeProcessesIn(folders["t2"]))
                foreach (var victim in ProcessTree.Descendants(pid).Prepend(pid)) KillNow(victim);

            await f.WaitUntilAsync(async () => (await f.Tasks.ListAsync(TaskStatuses.Done, 10, Token)).Count == 3, "the three tasks are done", Token);
            var t2 = (await f.Tasks.FindAsync("t2", Token))!;
            Assert.AreEqual(2, t2.Attempts, "task two went to a second agent once its lease expired");
            Assert.AreNotEqual(holder, t2.LeaseOwner, "another agent finished task two");
            StringAssert.Contains(server.Log, "expired", "the lease sweep gave task two back to the queue");
        }

        // Phase 2: the whole server is killed while one agent's Claude waits on the model and another agent waits for work.
        var first = await f.StartServerAsync(Token);
        foreach (var request in new[] { "crash-5", "crash-6", "crash-7" }) await f.SpawnAsync(request);
        var waiting = Agent.Activities.Coordination.Spawning.AgentSpawner.AgentIdFor("implementer", "crash-7");
        await f.EnqueueAsync(("t4", "implementer", Payload("t4", "four")), ("t5", "implementer", Payload("t5", "five")));
        await f.WaitUntilAsync(async () => (await f.Tasks.FindAsync("t5", Token))!.Status == TaskStatuses.Done
            && f.ClaudeProcessesIn(folders["t4"]).Count > 0 && await f.Agents.FindAsync(waiting, Token) is not null, "task five is done and task four's Claude runs", Token);
        await Task.Delay(1000, Token); // the agent admitted when task five's ended gets to its Agent.LeaseTask
        var t4Holder = (await f.Tasks.FindAsync("t4", Token))!.LeaseOwner;
        first.Kill();
        await first.DisposeAsync();
        Assert.AreEqual(TaskStatuses.Leased, (await f.Tasks.FindAsync("t4", Token))!.Status, "killed mid-task");

        await f.StartServerAsync(Token);
        await f.WaitUntilAsync(async () => (await f.Tasks.ListAsync(TaskStatuses.Done, 10, Token)).Count == 5, "all five tasks are done after the restart", Token);
        var t4 = (await f.Tasks.FindAsync("t4", Token))!;
        Assert.AreEqual(2, t4.Attempts, "task four went to the waiting agent once its lease expired");
        Assert.AreNotEqual(t4Holder, t4.LeaseOwner);
        await f.WaitUntilAsync(async () => (await f.Agents.FindAsync(t4Holder!, Token))!.Status == AgentStatuses.Stopped, "the agent whose worker the crash ended is released", Token, 30);

        // Every task done once, every result stored and delivered once.
        var tasks = await f.Tasks.ListAsync(null, 100, Token);
        CollectionAssert.AreEqual(new[] { 1, 2, 1, 2, 1 }, tasks.Select(t => t.Attempts).ToArray(), await f.DescribeAsync(Token));
        Assert.IsTrue(tasks.All(t => t.Result!.Value.GetProperty("success").GetBoolean()), "every task's result is a success");
        await f.WaitUntilAsync(async () => (await ResultsAsync(f)).Count(m => m.Status == "succeeded") == 5, "five succeeded results reach the parent", Token, 30);
        var results = await ResultsAsync(f);
        CollectionAssert.AreEquivalent(new[] { "t1", "t2", "t3", "t4", "t5" }, results.Where(r => r.Status == "succeeded").Select(r => r.CorrelationId).ToArray(),
            "one succeeded result per task: " + string.Join("; ", results));
        Assert.AreEqual("t2", results.Single(r => r.Status == "failed").CorrelationId, "the agent whose Claude was killed reported its failure once");
        var deliveries = await f.Messages.ListRecentAsync(CoordinationFixture.Parent, 200, Token);
        Assert.AreEqual(deliveries.Count, deliveries.Select(d => (d.Message.Id, d.AgentId)).Distinct().Count(), "no message delivered twice");
        // The parent reads its inbox as agent_inbox does: every result is handed over once, and once only.
        var inbox = new MessageFilter(CoordinationFixture.Parent, MessageTypes.Result);
        var firstRead = await f.Messages.ClaimManyAsync(inbox, MessageBus.InboxConsumer, DateTimeOffset.UtcNow, 100, Token);
        CollectionAssert.AreEquivalent(results.Select(r => r.Id).ToArray(), firstRead.Select(d => d.Message.Id).ToArray());
        Assert.IsEmpty(await f.Messages.ClaimManyAsync(inbox, MessageBus.InboxConsumer, DateTimeOffset.UtcNow, 100, Token), "nothing is handed over twice");
        var listed = await f.Cli.RunAsync("agents", "messages", "--agent", CoordinationFixture.Parent, "--take", "200");
        Assert.AreEqual(0, listed.ExitCode, listed.ToString());
    }

    private async Task<List<(string Id, string Status, string? CorrelationId)>> ResultsAsync(CoordinationFixture f) =>
        [.. (await f.Messages.ListRecentAsync(CoordinationFixture.Parent, 200, Token)).Select(d => d.Message).Where(m => m.Type == MessageTypes.Result)
            .Select(m => (m.Id, m.Payload.GetProperty("status").GetString()!, m.CorrelationId))];

    private static void KillNow(int pid)
    {
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } // SIGKILL on Linux
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { /* already gone */ }
    }
}
