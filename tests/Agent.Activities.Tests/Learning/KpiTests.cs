using Agent.Testing.Postgres;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

public abstract class KpiTests : KnowledgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly ErrorObservation E1 = new("ConfigError: missing key 'timeout' in /r/settings.ini at line 3");
    private static readonly ErrorObservation E2 = new("/r/src/A.cs(1,1): error CS1002: ; expected", "build");
    private static readonly ErrorObservation E3 = new("TimeoutException: The operation timed out after 500 ms");

    [TestMethod]
    public async Task The_five_KPIs_of_a_hand_built_history_have_the_expected_values()
    {
        await using var kb = await NewSandboxAsync();
        // fix-build: fail, fail, accept (a person helped), accept, fail, accept (integrates a capability); add-test: accept, roll back.
        await Record(kb, "fix-build", ExperienceOutcome.Failed, days: 20, turns: 5, seconds: 10, tokens: 1000, usd: 0.10, errors: [E1]);
        await Record(kb, "fix-build", ExperienceOutcome.Failed, days: 19, turns: 4, seconds: 8, tokens: 800, usd: 0.08, errors: [E1, E2]);
        await Record(kb, "fix-build", ExperienceOutcome.Accepted, days: 18, turns: 6, seconds: 12, tokens: 1200, usd: 0.12, errors: [E1], fix: "add the key", human: true);
        await Record(kb, "fix-build", ExperienceOutcome.Accepted, days: 10, turns: 3, seconds: 5, tokens: 500, usd: 0.05);
        await Record(kb, "fix-build", ExperienceOutcome.Failed, days: 3, turns: 2, seconds: 4, tokens: 300, usd: 0.03, errors: [E3]);
        await Record(kb, "fix-build", ExperienceOutcome.Accepted, days: 2, turns: 2, seconds: 3, tokens: 200, usd: 0.02, errors: [E3], fix: "raise the timeout", capability: "mcp-client");
        await Record(kb, "add-test", ExperienceOutcome.Accepted, days: 1, turns: 1, seconds: 2, tokens: 100, usd: 0.01);
        await Record(kb, "add-test", ExperienceOutcome.RolledBack, days: 0.5, turns: 3, seconds: 6, tokens: 400, usd: 0.04);

        var kpi = await kb.Kpis.ComputeAsync(windowDays: 7, asOf: Now, Token);

        Assert.AreEqual(new AutonomyKpi(4, 3, 0.75), kpi.Autonomy);
        Assert.AreEqual(7, kpi.ImprovementVelocity.WindowDays);
        Assert.AreEqual(2, kpi.ImprovementVelocity.Accepted);
        Assert.AreEqual(1, kpi.ImprovementVelocity.Capabilities);
        Assert.AreEqual(2.0 / 7, kpi.ImprovementVelocity.PerDay, 1e-12);
        Assert.AreEqual(1.0 / 7, kpi.ImprovementVelocity.CapabilitiesPerDay, 1e-12);
        Assert.AreEqual(1, kpi.ImprovementVelocity.PreviousAccepted);
        Assert.AreEqual(1.0 / 7, kpi.ImprovementVelocity.Trend, 1e-12);
        // E1 was fixed only with a person's help; E3 by the agent alone; E2 never.
        Assert.AreEqual(new ErrorRecoveryKpi(3, 1, 1.0 / 3), kpi.ErrorRecovery);
        Assert.AreEqual(4, kpi.ResourceEfficiency.Accepted);
        Assert.AreEqual(4500, kpi.ResourceEfficiency.Tokens);
        Assert.AreEqual(1125.0, kpi.ResourceEfficiency.TokensPerAccepted);
        Assert.AreEqual(0.1125, kpi.ResourceEfficiency.UsdPerAccepted!.Value, 1e-12);

        var build = kpi.LearningEfficiency.Single(k => k.TaskType == "fix-build");
        Assert.AreEqual(3, build.Episodes);
        Assert.AreEqual(new EpisodeCost(3, 15, 30_000), build.FirstSuccess);
        Assert.AreEqual(new EpisodeCost(2, 4, 7_000), build.LatestSuccess);
        Assert.AreEqual(new EpisodeCost(-1, -11, -23_000), build.Trend);
        Assert.AreEqual(0, build.OpenAttempts);
        var tests = kpi.LearningEfficiency.Single(k => k.TaskType == "add-test");
        Assert.AreEqual(new EpisodeCost(1, 1, 2_000), tests.FirstSuccess);
        Assert.AreEqual(new EpisodeCost(0, 0, 0), tests.Trend);
        Assert.AreEqual(1, tests.OpenAttempts);
    }

    [TestMethod]
    public async Task An_empty_knowledge_base_has_no_rates_rather_than_zero()
    {
        await using var kb = await NewSandboxAsync();

        var kpi = await kb.Kpis.ComputeAsync(asOf: Now, cancellationToken: Token);

        Assert.IsNull(kpi.Autonomy.Rate);
        Assert.IsNull(kpi.ErrorRecovery.Rate);
        Assert.IsNull(kpi.ResourceEfficiency.TokensPerAccepted);
        Assert.AreEqual(0, kpi.ImprovementVelocity.PerDay);
        Assert.IsEmpty(kpi.LearningEfficiency);
    }

    private Task Record(KnowledgeSandbox kb, string type, ExperienceOutcome outcome, double days, int turns, int seconds, long tokens, double usd,
        ErrorObservation[]? errors = null, string? fix = null, bool human = false, string? capability = null) =>
        kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt(type, outcome, startedAt: Now - TimeSpan.FromDays(days)) with
        {
            Approach = new Agent.Activities.Learning.Patterns.Approach { Name = "direct", Turns = turns },
            Duration = TimeSpan.FromSeconds(seconds),
            Tokens = tokens,
            CostUsd = usd,
            ErrorsSeen = errors ?? [],
            Fix = fix is null ? null : new AttemptFix(fix),
            HumanIntervention = human,
            Capability = capability,
        }, Token);
}

[TestClass]
public sealed class SqliteKpiTests : KpiTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresKpiTests : KpiTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => PostgresSandboxAsync(s_server, configure);
}
