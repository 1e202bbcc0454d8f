using Agent.Activities.Approvals;
using Agent.Activities.Claude;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Research.Findings;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Schedule;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Persistence;

/// <summary>
/// The contracts of the raw-SQL stores that have no test class of their own (approvals audit, Claude jobs and run log,
/// schedule state, decision records, research cache, integration attempts), run on SQLite and on PostgreSQL alike.
/// </summary>
public abstract class RawStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private string _folder = null!;
    private DatabaseOptions _database = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private protected abstract Task<DatabaseOptions> NewDatabaseAsync();

    [TestInitialize]
    public async Task InitAsync()
    {
        _folder = TempFolder.Create("agent-raw-stores");
        _database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private string File(string name) => Path.Combine(_folder, name);

    [TestMethod]
    public async Task The_first_decision_of_an_approval_wins_and_lists_by_instance_and_recency()
    {
        var store = new ApprovalAuditStore(File("agent.db"), _database);
        var first = new ApprovalRecord("a1", "i1", "approved", "alice", null, T0);

        Assert.AreEqual(first, await store.InsertOrGetAsync(first, Token));
        Assert.AreEqual(first, await store.InsertOrGetAsync(first with { Decision = "rejected", By = "expiry", Comment = "late" }, Token), "the second decision is not stored");
        await store.InsertOrGetAsync(new ApprovalRecord("a2", "i1", "rejected", "bob", "no", T0.AddMinutes(1)), Token);
        await store.InsertOrGetAsync(new ApprovalRecord("a3", "i2", "approved", "bob", null, T0.AddMinutes(2)), Token);

        CollectionAssert.AreEqual(new[] { "a1", "a2" }, (await store.ListForInstanceAsync("i1", Token)).Select(r => r.ApprovalId).ToArray());
        CollectionAssert.AreEqual(new[] { "a3", "a2" }, (await store.ListRecentAsync(2, Token)).Select(r => r.ApprovalId).ToArray());
        Assert.AreEqual("no", (await store.FindAsync("a2", Token))!.Comment);
        Assert.IsNull(await store.FindAsync("missing", Token));
    }

    [TestMethod]
    public async Task Claude_jobs_are_listed_newest_first_finished_ones_are_not_overwritten_and_unfinished_ones_are_interrupted_on_start()
    {
        var store = new ClaudeJobStore(File("claude-jobs.db"), _database);
        await store.InitializeAsync("replica-a", TimeSpan.FromSeconds(15), Token);
        var running = new ClaudeJobStatus { Id = "j1", State = ClaudeJobState.Running, WorkingDirectory = _folder, CreatedAt = T0, SessionId = "s1", CostUsd = 0.25m, Turns = 2 };
        await store.InsertAsync(running, Token);
        await store.InsertAsync(new ClaudeJobStatus { Id = "j2", State = ClaudeJobState.Queued, WorkingDirectory = _folder, CreatedAt = T0.AddSeconds(1), ResumedFrom = "j1", Owner = "replica-a" }, Token);

        Assert.IsTrue(await store.UpdateAsync(running with { State = ClaudeJobState.Succeeded, EndedAt = T0.AddMinutes(1), Turns = 3 }, Token));
        Assert.IsFalse(await store.UpdateAsync(running with { State = ClaudeJobState.Failed }, Token), "a finished job is not overwritten");
        // replica-a restarts: its queued job is interrupted on both providers.
        var interrupted = await new ClaudeJobStore(File("claude-jobs.db"), _database).InitializeAsync("replica-a", TimeSpan.FromSeconds(15), Token);

        Assert.AreEqual(1, interrupted, "the queued job of the previous process");
        CollectionAssert.AreEqual(new[] { "j2", "j1" }, (await store.ListAsync(null, 10, Token)).Select(j => j.Id).ToArray());
        var j1 = (await store.GetAsync("j1", Token))!;
        Assert.AreEqual((ClaudeJobState.Succeeded, 3, 0.25m, "s1"), (j1.State, j1.Turns, j1.CostUsd, j1.SessionId));
        var j2 = (await store.GetAsync("j2", Token))!;
        Assert.AreEqual((ClaudeJobState.Interrupted, "j1"), (j2.State, j2.ResumedFrom));
        StringAssert.Contains(j2.Error, "(none yet)");
        Assert.AreEqual("j2", (await store.ListAsync(ClaudeJobState.Interrupted, 10, Token)).Single().Id);
    }

    [TestMethod]
    public async Task The_run_log_keeps_every_field_and_lists_newest_first()
    {
        using var log = new ClaudeRunLog(File("runs.db"), _database);
        ClaudeRunRecord Run(int i) => new()
        {
            Id = Guid.NewGuid(), PromptSha256 = $"sha{i}", ArgumentsJson = "[\"-p\"]", EnvironmentJson = "{}", WorkingDirectory = _folder,
            StartedAt = T0.AddMinutes(i), EndedAt = T0.AddMinutes(i + 1), Subtype = "success", IsSuccess = i % 2 == 0, SessionId = i == 1 ? null : $"s{i}",
            CostUsd = 0.1m * i, InputTokens = 5_000_000_000L + i, OutputTokens = i, ExitCode = i == 1 ? null : 0, Attempts = i, ToolDecisionsJson = $"[{i}]",
        };
        foreach (var i in new[] { 1, 2, 3 }) await log.RecordAsync(Run(i), Token);

        var recent = await log.RecentAsync(2, Token);

        CollectionAssert.AreEqual(new[] { "sha3", "sha2" }, recent.Select(r => r.PromptSha256).ToArray());
        var third = recent[0];
        Assert.AreEqual((false, 0.3m, 5_000_000_003L, (int?)0, 3, "[3]"), (third.IsSuccess, third.CostUsd, third.InputTokens, third.ExitCode, third.Attempts, third.ToolDecisionsJson));
        var first = (await log.RecentAsync(5, Token))[^1];
        Assert.AreEqual(((string?)null, (int?)null), (first.SessionId, first.ExitCode));
    }

    [TestMethod]
    public async Task Schedule_state_keeps_pauses_and_the_last_fire_per_definition()
    {
        var store = new ScheduleStateStore(File("agent.db"), _database);
        await store.SetPausedAsync("nightly", true, Token);
        await store.RecordFireAsync("nightly", T0, "inst-1", "started", Token);
        await store.RecordFireAsync("hourly", T0.AddHours(1), null, "skipped", Token);
        await store.SetPausedAsync("hourly", false, Token);

        var states = await new ScheduleStateStore(File("agent.db"), _database).ListAsync(Token);

        Assert.AreEqual(new ScheduleState("nightly", true, T0, "inst-1", "started"), states["nightly"], "a fire keeps the pause");
        Assert.AreEqual(new ScheduleState("hourly", false, T0.AddHours(1), null, "skipped"), states["hourly"]);
    }

    [TestMethod]
    public async Task A_decision_recorded_again_replaces_the_first_and_the_newest_score_per_target_is_read()
    {
        var store = new DecisionStore(File("agent.db"), _database);
        var principle = new PrincipleResult("worktree-only", PrincipleOutcome.Pass, ["inside the worktree"]);
        var record = new DecisionRecord("d1", "c1", "merge", "abc", "repo", [principle], DecisionOutcome.Allow, ["all principles hold"], T0);

        Assert.IsTrue((await store.SaveAsync(record, Token)).Changed);
        var again = await store.SaveAsync(record with { Id = "d-other", Outcome = DecisionOutcome.Deny, Reasons = ["secret found"] }, Token);
        await store.SaveAsync(new DecisionRecord("d2", "c2", "merge", "def", "repo", [], DecisionOutcome.Escalate, ["unknown licence"], T0.AddHours(1)), Token);
        await store.SaveScoreAsync("c1", "repo", T0, 80, partial: true, ["no lock file"], Token);
        await store.SaveScoreAsync("c2", "repo", T0.AddHours(1), 95, partial: false, [], Token);
        await store.SaveScoreAsync("c3", "other", T0, 50, partial: false, ["old"], Token);

        Assert.AreEqual(("d1", true), (again.Record.Id, again.Changed), "the stored record keeps its id; the outcome changed");
        var c1 = (await store.ForCycleAsync("c1", Token)).Single();
        Assert.AreEqual((DecisionOutcome.Deny, "secret found", "worktree-only"), (c1.Outcome, c1.Reasons.Single(), c1.Principles.Single().Principle));
        CollectionAssert.AreEqual(new[] { "d2" }, (await store.RecentAsync(5, DecisionOutcome.Escalate, Token)).Select(r => r.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "d2", "d1" }, (await store.RecentAsync(5, null, Token)).Select(r => r.Id).ToArray());
        var latest = await store.LatestScoresAsync(null, Token);
        CollectionAssert.AreEqual(new[] { ("other", 50), ("repo", 95) }, latest.Select(s => (s.Target, s.Score)).ToArray());
        Assert.AreEqual(95, (await store.LatestScoresAsync("repo", Token)).Single().Score);
    }

    [TestMethod]
    public async Task The_research_cache_returns_fresh_answers_for_the_same_question_however_it_is_spaced()
    {
        var clock = new ManualClock(T0);
        var options = Options.Create(new ExternalResearchOptions { CacheDatabasePath = File("research.db"), CacheTtl = TimeSpan.FromHours(1) });
        var cache = new ResearchCache(options, clock, Options.Create(_database));
        var finding = new Finding("docs", "Fix it", "https://example.org/a", "use X", 0.9, T0);

        await cache.PutAsync("docs", new FindingQuery("Build  FAILED"), [finding], Token);
        await cache.PutAsync("docs", new FindingQuery("build failed"), [finding, finding with { Title = "Also" }], Token);

        Assert.AreEqual(2, (await cache.GetAsync("docs", new FindingQuery(" build failed "), Token))!.Count, "the second answer replaced the first");
        Assert.IsNull(await cache.GetAsync("other", new FindingQuery("build failed"), Token));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.IsNull(await cache.GetAsync("docs", new FindingQuery("build failed"), Token), "stale after the time to live");
    }

    [TestMethod]
    public async Task Integration_attempts_are_updated_in_place_and_found_by_approval_and_instance()
    {
        var store = new IntegrationAttemptStore(Options.Create(new IntegrationOptions { AttemptsDatabasePath = File("agent.db") }), Options.Create(_database));
        var attempt = new IntegrationAttempt { Id = "x1", Target = "repo", Outcome = "pending", InstanceId = "i1", CreatedAt = T0, UpdatedAt = T0 };
        await store.SaveAsync(attempt, Token);
        await store.SaveAsync(new IntegrationAttempt { Id = "x2", Target = "repo", Outcome = "refused", InstanceId = "i1", CreatedAt = T0, UpdatedAt = T0 }, Token);
        await store.SaveAsync(attempt with { Outcome = "approved", ApprovalId = "ap1", UpdatedAt = T0.AddMinutes(5) }, Token);

        Assert.AreEqual("approved", (await store.FindAsync("x1", Token))!.Outcome);
        Assert.AreEqual("x1", (await store.FindByApprovalAsync("ap1", Token))!.Id);
        CollectionAssert.AreEqual(new[] { "x2", "x1" }, (await store.ListForInstanceAsync("i1", Token)).Select(a => a.Id).ToArray(), "same time: the later insert first");
        Assert.AreEqual(0, (await store.ListForInstanceAsync("i2", Token)).Count);
        Assert.AreEqual(2, (await store.ListRecentAsync(10, Token)).Count);
    }
}

[TestClass]
public sealed class SqliteRawStoreContractTests : RawStoreContractTests
{
    private protected override Task<DatabaseOptions> NewDatabaseAsync() => RawStoreProviders.SqliteAsync();
}

/// <summary>The same contracts with every store in its own schema of one real PostgreSQL database.</summary>
[TestClass]
public sealed class PostgresRawStoreContractTests : RawStoreContractTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<DatabaseOptions> NewDatabaseAsync() => RawStoreProviders.PostgresAsync(s_server, TestContext.CancellationToken);
}
