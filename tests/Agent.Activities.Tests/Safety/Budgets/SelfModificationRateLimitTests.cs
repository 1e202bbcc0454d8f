using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Events;
using Agent.Activities.Validation;
using Agent.Activities.Tests.Safety.Limits;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Budgets;

/// <summary>The self-modification rate limit over a real SQLite ledger and a manual clock.</summary>
[TestClass]
public sealed class SelfModificationRateLimitTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void Init() => _folder = TempFolder.Create("agent-selfmod-tests");

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private string Agent => Path.Combine(_folder, "agent");

    private (SelfModificationRateLimit Rate, RecordingSafetySink Sink) Create(BudgetOptions options, TimeProvider clock)
    {
        var sink = new RecordingSafetySink();
        var rate = new SelfModificationRateLimit(new SpendLedger(Path.Combine(_folder, "agent.db")), Options.Create(options),
            Options.Create(new ValidationOptions { AgentRepository = Agent + "/" }), clock, sink);
        return (rate, sink);
    }

    [TestMethod]
    public async Task Past_the_daily_limit_the_agents_own_repository_is_rate_limited_until_the_window_frees_a_slot()
    {
        var start = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var (rate, sink) = Create(new BudgetOptions { MaxSelfModificationsPerDay = 2, MaxSelfModificationsPerWeek = 10 }, clock);
        await rate.RecordMergeAsync(Agent, "c1", Token);
        clock.Advance(TimeSpan.FromHours(3));
        await rate.RecordMergeAsync(Agent, "c2", Token);
        await rate.RecordMergeAsync(Agent, "c2", Token);
        await rate.RecordMergeAsync(Path.Combine(_folder, "other"), "c3", Token);

        var why = await rate.WhyNotAsync(Agent, Token);

        Assert.AreEqual("self-modification rate limited until 2026-12-07 08:00 UTC: 2 change(s) merged into the agent's own repository in the last 24 hours (Safety:Budgets:MaxSelfModificationsPerDay = 2).", why);
        Assert.AreEqual(SafetyEventKinds.BudgetExceeded, sink.Events.Single().Kind);
        Assert.IsNull(await rate.WhyNotAsync(Path.Combine(_folder, "other"), Token), "other targets are not rate limited");
        clock.Advance(TimeSpan.FromHours(21).Add(TimeSpan.FromMinutes(1)));
        Assert.IsNull(await rate.WhyNotAsync(Agent, Token), "the first merge left the 24-hour window");
    }

    [TestMethod]
    public async Task The_weekly_limit_holds_when_each_day_is_within_its_own()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var (rate, _) = Create(new BudgetOptions { MaxSelfModificationsPerDay = 1, MaxSelfModificationsPerWeek = 3 }, clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.IsNull(await rate.WhyNotAsync(Agent, Token), $"day {i}");
            await rate.RecordMergeAsync(Agent, $"c{i}", Token);
            clock.Advance(TimeSpan.FromDays(1));
        }

        var why = await rate.WhyNotAsync(Agent, Token);

        StringAssert.StartsWith(why, "self-modification rate limited until 2026-12-08 09:00 UTC: 3 change(s) merged into the agent's own repository in the last 7 days (Safety:Budgets:MaxSelfModificationsPerWeek = 3).");
    }
}
