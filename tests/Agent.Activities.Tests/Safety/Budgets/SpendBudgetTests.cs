using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Events;
using Agent.Activities.Tests.Safety.Limits;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Budgets;

/// <summary>Day, month and cycle budgets over a real ledger (SQLite file or PostgreSQL schema) and a manual clock.</summary>
public abstract class SpendBudgetTests
{
    private protected Agent.Workflows.Persistence.DatabaseOptions Database { get; private set; } = new();

    private protected abstract Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync();

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public async Task InitAsync()
    {
        _folder = TempFolder.Create("agent-budget-tests");
        Database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private (SpendBudget Budget, SpendLedger Ledger, RecordingSafetySink Sink) Create(BudgetOptions options, TimeProvider clock, GuardOptions? guards = null)
    {
        var ledger = new SpendLedger(Path.Combine(_folder, "agent.db"), Database);
        var sink = new RecordingSafetySink();
        return (new SpendBudget(ledger, Options.Create(options), Options.Create(guards ?? new GuardOptions()), clock, sink), ledger, sink);
    }

    private ClaudeRunRequest Request(string? account = null, ClaudeBudget? budget = null) =>
        new() { Prompt = "p", WorkingDirectory = _folder, BudgetAccount = account, Budget = budget };

    private static ClaudeRunResult Spent(long input, double usd) =>
        new() { Subtype = ClaudeRunSubtypes.Success, IsSuccess = true, Usage = new ClaudeUsage(input, 0, 0, 0), CostUsd = (decimal)usd };

    [TestMethod]
    public async Task Day_and_month_totals_add_up_every_run_across_cycles_and_outside_them_and_start_afresh_in_a_new_month()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero));
        var (budget, _, _) = Create(new BudgetOptions(), clock);
        await budget.AfterRunAsync(Request("cycle-1"), Spent(1000, 0.5), Token);
        clock.Advance(TimeSpan.FromHours(2));
        await budget.AfterRunAsync(Request("cycle-2"), Spent(2000, 1.0), Token);
        await budget.AfterRunAsync(Request(), Spent(500, 0.25), Token);

        var scopes = (await budget.StatusAsync("cycle-2", Token)).ToDictionary(s => s.Name);

        Assert.AreEqual(new SpendTotal(2000, 1.0m, 1), scopes["cycle"].Spent);
        Assert.AreEqual("2026-12-06", scopes["day"].Key);
        Assert.AreEqual(new SpendTotal(2500, 1.25m, 2), scopes["day"].Spent);
        Assert.AreEqual(new SpendTotal(3500, 1.75m, 3), scopes["month"].Spent);
        Assert.AreEqual(new GuardOptions().MaxTokensPerCycle - 2000, scopes["cycle"].RemainingTokens);

        clock.Advance(TimeSpan.FromDays(26));
        var january = (await budget.StatusAsync(null, Token)).ToDictionary(s => s.Name);
        Assert.AreEqual("2027-01", january["month"].Key);
        Assert.AreEqual(SpendTotal.Zero, january["month"].Spent);
        Assert.IsFalse(january.ContainsKey("cycle"));
    }

    [TestMethod]
    public async Task A_run_is_refused_when_the_day_budget_is_spent_with_a_clear_message_and_an_event_and_allowed_the_next_day()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 15, 30, 0, TimeSpan.Zero));
        var (budget, _, sink) = Create(new BudgetOptions { MaxTokensPerDay = 1000 }, clock);
        await budget.AfterRunAsync(Request(), Spent(1000, 0.1), Token);

        var grant = await budget.BeforeRunAsync(Request(), Token);

        Assert.IsNotNull(grant.Refusal);
        StringAssert.Contains(grant.Refusal, "day budget exhausted: 1000 of 1000 tokens spent in day 2026-12-06 (Safety:Budgets:MaxTokensPerDay)");
        StringAssert.Contains(grant.Refusal, "resume at 2026-12-07 00:00 UTC");
        var exceeded = sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.BudgetExceeded, exceeded.Kind);
        Assert.AreEqual("before run", exceeded.Data["stage"]);

        clock.Advance(TimeSpan.FromHours(9));
        Assert.IsNull((await budget.BeforeRunAsync(Request(), Token)).Refusal);
    }

    [TestMethod]
    public async Task The_month_USD_budget_refuses_too()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var (budget, _, _) = Create(new BudgetOptions { MaxUsdPerMonth = 2m, MaxUsdPerDay = 0, MaxTokensPerDay = 0 }, clock);
        await budget.AfterRunAsync(Request(), Spent(10, 1.5), Token);
        clock.Advance(TimeSpan.FromDays(3));
        await budget.AfterRunAsync(Request(), Spent(10, 0.75), Token);

        var refusal = (await budget.BeforeRunAsync(Request(), Token)).Refusal;

        StringAssert.Contains(refusal, "month budget exhausted: 2.25 of 2 USD spent in month 2026-12 (Safety:Budgets:MaxUsdPerMonth)");
        StringAssert.Contains(refusal, "resume at 2027-01-01 00:00 UTC");
    }

    [TestMethod]
    public async Task The_run_gets_the_tightest_remaining_of_its_own_cycle_day_and_month_budgets()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var (budget, _, _) = Create(new BudgetOptions { MaxTokensPerDay = 50_000, MaxUsdPerDay = 10m, MaxTokensPerMonth = 100_000, MaxUsdPerMonth = 3m }, clock,
            new GuardOptions { MaxTokensPerCycle = 20_000, MaxUsdPerCycle = 5m });
        await budget.AfterRunAsync(Request("cycle-a"), Spent(15_000, 1.0), Token);
        await budget.AfterRunAsync(Request(), Spent(30_000, 0.5), Token);

        var inCycle = await budget.BeforeRunAsync(Request("cycle-a", new ClaudeBudget(MaxTokens: 100_000)), Token);
        var outside = await budget.BeforeRunAsync(Request(null, new ClaudeBudget(MaxUsd: 0.25m)), Token);

        Assert.AreEqual(new ClaudeBudget(5_000, 1.5m), inCycle.Budget, "cycle: 20000-15000 tokens; month: 3-1.5 USD");
        Assert.AreEqual(new ClaudeBudget(5_000, 0.25m), outside.Budget, "day: 50000-45000 tokens; the request's own 0.25 USD");
        var unlimited = Create(new BudgetOptions { MaxTokensPerDay = 0, MaxUsdPerDay = 0, MaxTokensPerMonth = 0, MaxUsdPerMonth = 0 }, clock).Budget;
        Assert.IsNull((await unlimited.BeforeRunAsync(Request(), Token)).Budget, "no limits anywhere: no budget");
    }
}

[TestClass]
public sealed class SqliteSpendBudgetTests : SpendBudgetTests
{
    private protected override Task<Agent.Workflows.Persistence.DatabaseOptions> NewDatabaseAsync() => Agent.Activities.Tests.Persistence.RawStoreProviders.SqliteAsync();
}

/// <summary>The budgets over the ledger in schema budget of a real PostgreSQL database.</summary>
[TestClass]
public sealed class PostgresSpendBudgetTests : SpendBudgetTests
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
