using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Limits;
using Agent.Activities.Tests.Claude;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>The real Claude Code CLI against the scripted model server, under resource limits and budgets.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeUnderLimitsTests
{
    private const string ReadLoopScript = """
        { "rules": [ { "respond": { "toolUse": [ { "name": "Read", "input": { "file_path": "{{cwd}}/notes.txt" } } ], "usage": { "inputTokens": 4000, "outputTokens": 100 } } } ] }
        """;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void Init() => _folder = TempFolder.Create("agent-claude-limits-tests");

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private (SpendBudget Budget, SpendLedger Ledger, RecordingSafetySink Sink) Budget(BudgetOptions options)
    {
        var ledger = new SpendLedger(Path.Combine(_folder, "agent.db"));
        var sink = new RecordingSafetySink();
        return (new SpendBudget(ledger, Options.Create(options), Options.Create(new GuardOptions()), TimeProvider.System, sink), ledger, sink);
    }

    [TestMethod]
    public async Task The_CLI_over_its_memory_limit_is_killed_with_its_tree_and_the_run_says_which_limit()
    {
        await using var box = await RunnerSandbox.StartAsync("""{ "rules": [ { "fault": { "stallMs": 20000 }, "respond": { "text": "late" } } ] }""", Token);
        var sink = new RecordingSafetySink();
        var limiter = new ResourceLimiter(Options.Create(new ResourceLimitOptions { Claude = new ProcessLimits { MemoryMiB = 24 } }), new LimitMechanismProbe(), sink);
        await using var tree = new ProcessTreeWatcher();
        var events = new EventRecorder(e => { if (e is ProcessStartedEvent started) tree.Watch(started.ProcessId); });

        var result = await box.RunnerWith(limiter, null).RunAsync(box.Request("hi"), events, Token);

        Assert.AreEqual(ClaudeRunSubtypes.LimitExceeded, result.Subtype, result.Error + result.StderrTail);
        Assert.IsFalse(result.IsSuccess);
        StringAssert.Contains(result.Error, "memory limit 24 MiB exceeded (peak RSS ");
        Assert.AreEqual(1, result.Attempts, "a limit breach is not retried");
        var incident = sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.LimitBreached, incident.Kind);
        Assert.AreEqual("claude", incident.Data["kind"]);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Token);
        await tree.StopAsync();
        var alive = tree.Seen.Where(ProcessTree.IsAlive).ToList();
        Assert.IsEmpty(alive, $"still alive after the kill: {string.Join(", ", alive.Select(ProcessTree.CommandLine))}");
    }

    [TestMethod]
    public async Task A_run_is_refused_before_it_starts_when_the_day_budget_is_spent()
    {
        await using var box = await RunnerSandbox.StartAsync("""{ "rules": [ { "respond": { "text": "never" } } ] }""", Token);
        var (budget, ledger, sink) = Budget(new BudgetOptions { MaxTokensPerDay = 5000 });
        await ledger.ChargeAsync("earlier", DateTimeOffset.UtcNow, null, 5000, 0.1m, "claude", Token);

        var result = await box.RunnerWith(null, budget).RunAsync(box.Request("hi"), null, Token);

        Assert.AreEqual(ClaudeRunSubtypes.BudgetExceeded, result.Subtype);
        StringAssert.Contains(result.Error, "The Claude run was not started: day budget exhausted: 5000 of 5000 tokens");
        Assert.IsEmpty(box.Server.Log.MessagesRequests, "the model was never called");
        Assert.AreEqual(SafetyEventKinds.BudgetExceeded, sink.Events.Single().Kind);
    }

    [TestMethod]
    public async Task A_run_is_stopped_mid_way_by_the_tightest_remaining_budget_and_what_it_spent_is_charged()
    {
        await using var box = await RunnerSandbox.StartAsync(ReadLoopScript, Token);
        await File.WriteAllTextAsync(Path.Combine(box.WorkingDirectory, "notes.txt"), "notes\n", Token);
        // The month leaves plenty, the day leaves 9000 tokens: the day decides, although the request asks for 100000.
        var (budget, ledger, sink) = Budget(new BudgetOptions { MaxTokensPerDay = 20_000, MaxTokensPerMonth = 1_000_000 });
        await ledger.ChargeAsync("earlier", DateTimeOffset.UtcNow, null, 11_000, 0.1m, "claude", Token);

        var result = await box.RunnerWith(null, budget).RunAsync(box.Request("read a lot") with { Budget = new ClaudeBudget(MaxTokens: 100_000) }, null, Token);

        Assert.AreEqual(ClaudeRunSubtypes.BudgetExceeded, result.Subtype, result.Error + result.StderrTail);
        StringAssert.Contains(result.Error, "the limit is 9000");
        Assert.IsLessThanOrEqualTo(4, box.Server.Log.MessagesRequests.Count, "stopped at once, not after many more calls");
        var day = await ledger.DayAsync(DateTimeOffset.UtcNow, Token);
        Assert.AreEqual(11_000 + result.Usage.Total, day.Tokens, "the stopped run was charged");
        Assert.IsGreaterThan(20_000L, day.Tokens);
        Assert.AreEqual("during run", sink.Events.Single().Data["stage"]);
        StringAssert.Contains((await budget.BeforeRunAsync(box.Request("again"), Token)).Refusal, "day budget exhausted");
    }
}
