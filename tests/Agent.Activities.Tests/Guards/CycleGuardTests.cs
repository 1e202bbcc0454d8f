using Agent.Activities.Guards;
using Agent.Activities.Tests.Approvals;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Guards;

public abstract class CycleGuardTests
{
    private protected Agent.Workflows.Persistence.DatabaseOptions Database { get; private set; } = new();

    private protected abstract Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync();

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public async Task CreateFolderAsync()
    {
        _folder = TempFolder.Create("agent-guard-tests");
        Database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private (CycleGuard Guard, EmergencyStop Stop) Create(GuardOptions options, TimeProvider clock)
    {
        options.StopFile = Path.Combine(_folder, "STOP");
        var stop = new EmergencyStop(Options.Create(options), clock);
        return (new CycleGuard(new CycleGuardStore(Path.Combine(_folder, "agent.db"), Database), stop, Options.Create(options), clock), stop);
    }

    [TestMethod]
    public async Task At_most_N_cycles_start_per_UTC_day_even_when_asked_concurrently()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var (guard, _) = Create(new GuardOptions { MaxCyclesPerDay = 3 }, clock);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => guard.TryBeginCycleAsync($"cycle-{i}", Token))));

        Assert.AreEqual(3, decisions.Count(d => d.Allowed));
        StringAssert.Contains(decisions.First(d => !d.Allowed).Reason, "Guards:MaxCyclesPerDay is 3");
        var started = Enumerable.Range(0, 8).Where(i => decisions[i].Allowed).Select(i => $"cycle-{i}").First();
        Assert.IsTrue((await guard.TryBeginCycleAsync(started, Token)).Allowed, "asking again for a started cycle does not count twice");
        clock.Advance(TimeSpan.FromHours(14));
        Assert.IsTrue((await guard.TryBeginCycleAsync("next-day", Token)).Allowed, "a new UTC day has a new allowance");
    }

    [TestMethod]
    public async Task The_budget_is_charged_per_cycle_and_says_when_it_is_exceeded()
    {
        var (guard, _) = Create(new GuardOptions { MaxTokensPerCycle = 1000, MaxUsdPerCycle = 0.5m }, TimeProvider.System);
        await guard.TryBeginCycleAsync("c1", Token);
        await guard.TryBeginCycleAsync("c2", Token);

        Assert.IsNull((await guard.ChargeAsync("c1", "charge-1", 600, 0.1m, Token)).Exceeded);
        var tokens = await guard.ChargeAsync("c1", "charge-2", 500, 0.1m, Token);
        var usd = await guard.ChargeAsync("c2", "charge-3", 10, 0.75m, Token);

        Assert.AreEqual((1100L, 0.2m), (tokens.Tokens, tokens.Usd));
        StringAssert.Contains(tokens.Exceeded, "1100 tokens");
        StringAssert.Contains(usd.Exceeded, "0.75 USD");
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => guard.ChargeAsync("never-started", "charge-4", 1, 0, Token));
    }

    [TestMethod]
    public async Task A_charge_or_an_attempt_recorded_again_under_its_id_counts_once()
    {
        var (guard, _) = Create(new GuardOptions { MaxTokensPerCycle = 1000, ParkAfterFailures = 2, MaxAttemptsPerGap = 10 }, TimeProvider.System);
        await guard.TryBeginCycleAsync("c1", Token);

        await guard.ChargeAsync("c1", "execute-run", 600, 0.1m, Token);
        var again = await guard.ChargeAsync("c1", "execute-run", 600, 0.1m, Token);
        await guard.RecordAttemptAsync("docs", "record-1", "c1", succeeded: false, Token);
        var recordedAgain = await guard.RecordAttemptAsync("docs", "record-1", "c1", succeeded: false, Token);

        Assert.AreEqual((600L, 0.1m), (again.Tokens, again.Usd), "the repeated charge was not added");
        Assert.IsNull(again.Exceeded);
        Assert.AreEqual((1, 1, false), (recordedAgain.Attempts, recordedAgain.FailuresInARow, recordedAgain.Parked), "one failure, not two: not parked");
        var other = await guard.ChargeAsync("c1", "another-run", 600, 0.1m, Token);
        Assert.AreEqual(1200L, other.Tokens, "a different charge id is a different charge");
    }

    [TestMethod]
    public async Task A_gap_failing_N_times_in_a_row_is_parked_until_unparked()
    {
        var (guard, _) = Create(new GuardOptions { ParkAfterFailures = 2, MaxAttemptsPerGap = 10 }, TimeProvider.System);

        await guard.RecordAttemptAsync("fix CalcTests", "attempt-1", "c1", succeeded: false, Token);
        await guard.RecordAttemptAsync("fix CalcTests", "attempt-2", "c1", succeeded: true, Token);
        await guard.RecordAttemptAsync("fix CalcTests", "attempt-3", "c2", succeeded: false, Token);
        Assert.IsTrue((await guard.CanAttemptGapAsync("fix CalcTests", Token)).Allowed, "a success in between resets the run of failures");
        var parked = await guard.RecordAttemptAsync("fix CalcTests", "attempt-4", "c3", succeeded: false, Token);

        Assert.IsTrue(parked.Parked);
        StringAssert.Contains(parked.ParkedReason, "2 failed attempts in a row");
        var refused = await guard.CanAttemptGapAsync("fix CalcTests", Token);
        Assert.IsFalse(refused.Allowed);
        StringAssert.Contains(refused.Reason, "is parked");
        Assert.IsTrue((await guard.CanAttemptGapAsync("another gap", Token)).Allowed);

        await guard.UnparkAsync("fix CalcTests", Token);
        Assert.IsTrue((await guard.CanAttemptGapAsync("fix CalcTests", Token)).Allowed);
    }

    [TestMethod]
    public async Task Attempts_per_gap_are_limited()
    {
        var (guard, _) = Create(new GuardOptions { ParkAfterFailures = 10, MaxAttemptsPerGap = 2 }, TimeProvider.System);
        await guard.RecordAttemptAsync("docs", "attempt-5", "c1", succeeded: true, Token);
        await guard.RecordAttemptAsync("docs", "attempt-6", "c2", succeeded: true, Token);

        var decision = await guard.CanAttemptGapAsync("docs", Token);

        Assert.IsFalse(decision.Allowed);
        StringAssert.Contains(decision.Reason, "Guards:MaxAttemptsPerGap is 2");
    }

    [TestMethod]
    public async Task The_emergency_stop_refuses_cycles_and_gaps_and_persists_until_cleared()
    {
        var (guard, stop) = Create(new GuardOptions(), TimeProvider.System);
        await stop.SetAsync("ada", "runaway loop", Token);

        var (_, restartedStop) = Create(new GuardOptions(), TimeProvider.System);
        Assert.AreEqual("ada", restartedStop.Status()!.By, "the stop is a file, so a new process sees it");
        var cycle = await guard.TryBeginCycleAsync("c1", Token);
        Assert.IsFalse(cycle.Allowed);
        StringAssert.Contains(cycle.Reason, "emergency stop is active (set by ada");
        StringAssert.Contains(cycle.Reason, "runaway loop");
        Assert.IsFalse((await guard.CanAttemptGapAsync("g", Token)).Allowed);

        Assert.IsTrue(restartedStop.Clear());
        Assert.IsTrue((await guard.TryBeginCycleAsync("c1", Token)).Allowed);
        Assert.IsFalse(stop.Clear(), "clearing twice says it was not set");
    }

    [TestMethod]
    public void A_stop_file_made_by_hand_stops_too()
    {
        var (_, stop) = Create(new GuardOptions(), TimeProvider.System);
        File.WriteAllText(stop.FilePath, "");
        StringAssert.Contains(stop.Refusal(), "set by stop file");
    }
}

[TestClass]
public sealed class SqliteCycleGuardTests : CycleGuardTests
{
    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.SqliteAsync();
}

/// <summary>The guard on PostgreSQL: concurrent starts are serialized by the store's advisory lock, not SQLite's file lock.</summary>
[TestClass]
public sealed class PostgresCycleGuardTests : CycleGuardTests
{
    private static Agent.Testing.Postgres.PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await Agent.Testing.Postgres.PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.PostgresAsync(s_server, TestContext.CancellationToken);
}
