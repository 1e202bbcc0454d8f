using Agent.Activities.Learning;
using Agent.Testing.Postgres;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

public abstract class ApproachAdvisorTests : KnowledgeTests
{
    private static readonly Approach Shotgun = new() { Name = "rewrite-everything" };
    private static readonly Approach Careful = new() { Name = "read-then-edit" };

    [TestMethod]
    public async Task An_approach_that_failed_three_times_is_not_chosen_a_fourth_time()
    {
        await using var kb = await NewSandboxAsync();
        var chosen = new List<string>();
        // A planner loop: ask, attempt with the chosen approach, record. The first candidate always fails; the second works.
        for (var i = 0; i < 8; i++)
        {
            var advice = await kb.Advisor.ChooseAsync("fix-build", [Shotgun, Careful], Token);
            var approach = advice.Chosen!;
            chosen.Add(approach.Name!);
            var outcome = approach == Shotgun ? ExperienceOutcome.Failed : ExperienceOutcome.Accepted;
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", outcome) with { Approach = approach }, Token);
        }

        Assert.AreEqual(3, chosen.Count(c => c == Shotgun.Name), string.Join(", ", chosen));
        CollectionAssert.AreEqual(Enumerable.Repeat(Careful.Name, 5).ToList(), chosen.Skip(3).ToList());
        var pattern = (await kb.Patterns.ListAsync("fix-build", Token)).Single(p => p.ApproachKey == Shotgun.Name);
        Assert.IsTrue(pattern.IsAntiPattern);
        Assert.AreEqual(3, pattern.FailureCount);
    }

    [TestMethod]
    public async Task When_every_candidate_is_an_anti_pattern_none_is_chosen_and_the_reason_says_so()
    {
        await using var kb = await NewSandboxAsync();
        for (var i = 0; i < 3; i++)
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Failed) with { Approach = Shotgun }, Token);

        var advice = await kb.Advisor.ChooseAsync("fix-build", [Shotgun], Token);

        Assert.IsNull(advice.Chosen);
        Assert.AreEqual(ApproachStanding.AntiPattern, advice.Ranking.Single().Standing);
        StringAssert.Contains(advice.Reason, "anti-pattern");
    }

    [TestMethod]
    public async Task A_proven_approach_is_preferred_over_an_untried_one_listed_first()
    {
        await using var kb = await NewSandboxAsync();
        for (var i = 0; i < 3; i++)
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("add-test", ExperienceOutcome.Accepted) with { Approach = Careful, Improvement = 2 }, Token);

        var advice = await kb.Advisor.ChooseAsync("add-test", [Shotgun, Careful], Token);

        Assert.AreEqual(Careful, advice.Chosen);
        Assert.AreEqual(ApproachStanding.Proven, advice.Ranking[0].Standing);
        Assert.AreEqual(0.8, advice.Ranking[0].Score, 1e-12); // (3 + 1) / (3 + 0 + 2)
        Assert.AreEqual(2.0, advice.Ranking[0].MeanImprovement);
    }

    [TestMethod]
    public async Task Below_the_support_threshold_a_record_is_ignored()
    {
        await using var kb = await NewSandboxAsync();
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("add-test", ExperienceOutcome.Accepted) with { Approach = Careful }, Token);

        var advice = await kb.Advisor.ChooseAsync("add-test", [Shotgun, Careful], Token);

        Assert.AreEqual(Shotgun, advice.Chosen, "one success is below the threshold of 3, so both are unproven and the planner's order stands");
        Assert.IsTrue(advice.Ranking.All(r => r.Standing == ApproachStanding.Unproven));
    }
}

[TestClass]
public sealed class SqliteApproachAdvisorTests : ApproachAdvisorTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresApproachAdvisorTests : ApproachAdvisorTests
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
