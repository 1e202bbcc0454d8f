using Agent.Testing.Postgres;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

public abstract class MetricsStoreTests : KnowledgeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Attempts_write_agent_and_repository_series_in_time_order()
    {
        await using var kb = await NewSandboxAsync();
        for (var i = 0; i < 3; i++)
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Accepted, startedAt: T0.AddHours(i)) with
            {
                Approach = new Agent.Activities.Learning.Patterns.Approach { Turns = 5 - i },
                MetricsBefore = new Dictionary<string, double> { ["repo.warnings"] = 10 - i },
                MetricsAfter = new Dictionary<string, double> { ["repo.warnings"] = 9 - i },
                Duration = TimeSpan.FromMinutes(1),
            }, Token);
        await kb.Metrics.RecordAsync("repo.coverage", 71.5, MetricScopes.Repository, T0.AddDays(1), cancellationToken: Token);

        var turns = await kb.Metrics.SeriesAsync("agent.turns", cancellationToken: Token);
        var warnings = await kb.Metrics.SeriesAsync("repo.warnings", from: T0.AddMinutes(30), cancellationToken: Token);

        CollectionAssert.AreEqual(new[] { 5.0, 4.0, 3.0 }, turns.Select(p => p.Value).ToList());
        CollectionAssert.AreEqual(new[] { 9.0, 8.0, 8.0, 7.0 }, warnings.Select(p => p.Value).ToList(), "before and after of the attempts at 13:00 and 14:00");
        Assert.AreEqual(71.5, (await kb.Metrics.SeriesAsync("repo.coverage", cancellationToken: Token)).Single().Value);
        CollectionAssert.IsSubsetOf(new[] { "agent.cost-usd", "agent.duration-ms", "agent.tokens", "agent.turns", "repo.coverage", "repo.warnings" },
            (await kb.Metrics.NamesAsync(Token)).ToList());
    }

    [TestMethod]
    public async Task A_value_that_is_not_a_number_is_refused()
    {
        await using var kb = await NewSandboxAsync();

        var ex = await Assert.ThrowsExactlyAsync<LearningInputException>(() => kb.Metrics.RecordAsync("repo.coverage", double.NaN, MetricScopes.Repository, cancellationToken: Token));

        StringAssert.Contains(ex.Message, "finite number");
    }
}

[TestClass]
public sealed class SqliteMetricsStoreTests : MetricsStoreTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresMetricsStoreTests : MetricsStoreTests
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
