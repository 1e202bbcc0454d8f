using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// The cycle inside <c>agent serve</c> as a real child process, fired by its cron trigger: runs never overlap, a new
/// published version reschedules, and a server killed (SIGKILL, with its process tree) during ClaudeExecute or during
/// Validate resumes the instance on restart without merging twice and without leaving a worktree behind.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CycleServerTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_cron_every_two_seconds_fires_the_cycle_never_twice_at_once_and_a_new_version_reschedules()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        await PublishAsync(f, "*/2 * * * * ?", version: 1);
        await using (var server = await StartServerAsync(f))
        {
            var instances = await WaitForAsync(f, list => list.Count(i => Status(i) == "Finished") >= 2, server);
            var finished = instances.Where(i => Status(i) == "Finished").OrderBy(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
            for (var i = 1; i < finished.Count; i++)
                Assert.IsTrue(finished[i].GetProperty("createdAt").GetDateTimeOffset() >= finished[i - 1].GetProperty("finishedAt").GetDateTimeOffset(),
                    "a cycle starts only after the previous one finished");
            var outcomes = new List<string>();
            foreach (var i in finished) outcomes.Add((await SummaryAsync(f, i.GetProperty("instanceId").GetString()!)).GetProperty("outcome").GetString()!);
            Assert.AreEqual("merged", outcomes[0], server.Log);
            Assert.IsTrue(outcomes.Skip(1).All(o => o == "no-gap"), string.Join(", ", outcomes));

            await PublishAsync(f, "0 0 3 * * ?", version: 2);
            var rescheduled = await WaitForScheduleAsync(f, s => s.Contains("0 0 3 * * ?", StringComparison.Ordinal));
            StringAssert.Contains(rescheduled, "\"version\": 2");
        }
    }

    [TestMethod]
    public async Task A_server_killed_during_ClaudeExecute_resumes_the_cycle_on_restart_which_fails_it_and_cleans_the_worktree()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "cycle-stall.json", Token);
        var before = f.Head();
        await PublishAsync(f, "*/2 * * * * ?", version: 1);
        string instanceId;
        await using (var server = await StartServerAsync(f))
        {
            // The model server logs a request once it is answered; the stalled one is "in flight" while Claude waits on it.
            var running = await WaitForAsync(f, list => list.Count > 0 && f.Model.Log.InFlight > 0, server);
            instanceId = running.Single().GetProperty("instanceId").GetString()!;
            Assert.AreEqual(0, (await f.Cli.RunAsync("schedule", "pause", "improvement-cycle")).ExitCode);
            Assert.HasCount(1, f.AgentBranches(), "Claude works in the cycle's worktree");
            server.Kill();
        }
        await using (var restarted = await StartServerAsync(f))
        {
            await WaitForAsync(f, list => list.All(i => Status(i) == "Finished"), restarted);
            var summary = await SummaryAsync(f, instanceId);
            Assert.AreEqual("failed", summary.GetProperty("outcome").GetString(), summary.ToString());
            StringAssert.StartsWith(summary.GetProperty("reason").GetString(), "Claude Code failed");
        }
        Assert.AreEqual(before, f.Head(), "nothing merged");
        Assert.IsEmpty(f.AgentBranches(), "the worktree is cleaned");
    }

    [TestMethod]
    public async Task A_server_killed_during_Validate_reruns_it_on_restart_and_merges_exactly_once()
    {
        await using var f = await CycleFixture.CreateAsync("dotnet-calculator", "rehearsal-fix-failing-test-dotnet.json", Token);
        var before = f.Head();
        await PublishAsync(f, "*/2 * * * * ?", version: 1);
        string instanceId;
        await using (var server = await StartServerAsync(f))
        {
            // ChargeBudget's line is committed when it completes; Validate (a dotnet build and test) runs right after.
            var validating = await WaitForAsync(f, list => list.Count > 0 && Output(f, list[0]).Any(l => l.StartsWith("claude:", StringComparison.Ordinal)), server);
            instanceId = validating.Single().GetProperty("instanceId").GetString()!;
            Assert.AreEqual(0, (await f.Cli.RunAsync("schedule", "pause", "improvement-cycle")).ExitCode);
            Assert.IsFalse(Output(f, validating[0]).Any(l => l.StartsWith("validate: tests", StringComparison.Ordinal)), "killed before Validate ended");
            server.Kill();
        }
        await using (var restarted = await StartServerAsync(f))
        {
            await WaitForAsync(f, list => list.All(i => Status(i) == "Finished"), restarted);
        }
        var summary = await SummaryAsync(f, instanceId);
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), summary.ToString());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly one commit was merged");
        Assert.AreEqual(0, summary.GetProperty("testsAfter").GetProperty("failed").GetInt32());
        Assert.IsEmpty(f.AgentBranches());
    }

    [TestMethod]
    public async Task An_emergency_stop_during_a_cycle_kills_claude_cancels_the_instance_and_refuses_new_cycles()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "cycle-stall.json", Token);
        var before = f.Head();
        await PublishAsync(f, "*/2 * * * * ?", version: 1);
        await using (var server = await StartServerAsync(f))
        {
            // The cycle that waits on its Claude job while Claude runs in its worktree.
            var running = await WaitForAsync(f, list => list.Any(i => Status(i) == "Suspended") && ClaudeProcessesIn(f).Count > 0, server);
            var instanceId = running.Single(i => Status(i) == "Suspended").GetProperty("instanceId").GetString()!;

            var stopped = await f.Cli.RunAsync("stop", "--reason", "runaway", "--by", "test");
            Assert.AreEqual(0, stopped.ExitCode, stopped.ToString());

            var after = await WaitForAsync(f, list => list.All(i => Status(i) is "Cancelled" or "Finished"), server);
            Assert.AreEqual("Cancelled", Status(after.Single(i => i.GetProperty("instanceId").GetString() == instanceId)));
            await WaitUntilAsync(() => ClaudeProcessesIn(f).Count == 0, "no claude process is left");
            await WaitForScheduleAsync(f, s => s.Contains("skipped", StringComparison.Ordinal));
            Assert.HasCount(after.Count, await ListAsync(f), "scheduled fires are skipped while stopped");

            var (manual, summary) = await f.RunCycleAsync();
            Assert.AreEqual(JsonValueKind.Object, summary.ValueKind, manual.ToString());
            Assert.AreEqual("refused", summary.GetProperty("outcome").GetString(), manual.ToString());
            StringAssert.Contains(summary.GetProperty("reason").GetString(), "stop");
            Assert.AreEqual(0, (await f.Cli.RunAsync("stop", "--clear")).ExitCode);
        }
        Assert.AreEqual(before, f.Head(), "nothing merged");
    }

    // Processes whose working folder is one of the fixture's task worktrees: the Claude Code CLI and what it starts.
    private static List<int> ClaudeProcessesIn(CycleFixture f)
    {
        var worktrees = TestGit.Run(f.Target, "worktree", "list", "--porcelain").Split('\n')
            .Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).Select(l => l["worktree ".Length..].Trim())
            .Where(p => !string.Equals(p, f.Target, StringComparison.Ordinal)).ToList();
        return [.. ProcessTree.WorkingDirectories().Where(p => worktrees.Any(w => p.WorkingDirectory.StartsWith(w, StringComparison.Ordinal))).Select(p => p.Pid)];
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(100, Token);
        Assert.IsTrue(condition(), what);
    }

    private static async Task<List<JsonElement>> ListAsync(CycleFixture f) =>
        (await f.Cli.RunAsync("instances", "list", "--definition", "improvement-cycle", "--json")).Json().GetProperty("items").EnumerateArray().ToList();

    private Task<ServerProcess> StartServerAsync(CycleFixture f) =>
        ServerProcess.StartAsync(f.Cli, Token, [.. f.Settings, ("Schedule:SyncInterval", "00:00:00.200"), ("Server:ExpiredBookmarkPollInterval", "00:00:00.200")]);

    private static async Task PublishAsync(CycleFixture f, string cron, int version)
    {
        // The shipped file's own version is replaced, whatever it is: the test numbers its versions from 1.
        var json = (await File.ReadAllTextAsync(CycleFixture.DefinitionFile)).Replace("0 0 2 * * ?", cron, StringComparison.Ordinal);
        json = System.Text.RegularExpressions.Regex.Replace(json, "\"version\": \\d+,\n  \"toolVersion\"", $"\"version\": {version},\n  \"toolVersion\"");
        json = System.Text.RegularExpressions.Regex.Replace(json, "\"id\": \"improvement-cycle-v\\d+\"", $"\"id\": \"improvement-cycle-v{version}\"");
        var imported = await f.Cli.RunAsync("workflows", "import", f.Cli.WriteFile($"cycle-v{version}.json", json));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        var published = await f.Cli.RunAsync("workflows", "publish", "improvement-cycle");
        Assert.AreEqual(0, published.ExitCode, published.ToString());
    }

    private async Task<List<JsonElement>> WaitForAsync(CycleFixture f, Func<List<JsonElement>, bool> done, ServerProcess server, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        while (true)
        {
            var list = (await f.Cli.RunAsync("instances", "list", "--definition", "improvement-cycle", "--json")).Json().GetProperty("items").EnumerateArray().ToList();
            if (done(list)) return list;
            if (timeout.IsCancellationRequested) Assert.Fail($"timed out waiting (line {line}); instances: {string.Join(", ", list.Select(Status))}\n{server.Log}");
            await Task.Delay(300, CancellationToken.None);
        }
    }

    private async Task<string> WaitForScheduleAsync(CycleFixture f, Func<string, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var listed = await f.Cli.RunAsync("schedule", "list", "--json");
            if (done(listed.Output)) return listed.Output;
            await Task.Delay(200, Token);
        }
        Assert.Fail("the schedule did not pick up the new version");
        return "";
    }

    private static string Status(JsonElement instance) => instance.GetProperty("status").GetString()!;

    private static List<string> Output(CycleFixture f, JsonElement instance)
    {
        var shown = f.Cli.RunAsync("instances", "show", instance.GetProperty("instanceId").GetString()!, "--json").GetAwaiter().GetResult();
        return [.. shown.Json().GetProperty("output").EnumerateArray().Select(l => l.GetString()!)];
    }

    private static async Task<JsonElement> SummaryAsync(CycleFixture f, string instanceId)
    {
        var shown = await f.Cli.RunAsync("instances", "show", instanceId, "--json");
        return shown.Json().GetProperty("variables").GetProperty("summary");
    }
}
