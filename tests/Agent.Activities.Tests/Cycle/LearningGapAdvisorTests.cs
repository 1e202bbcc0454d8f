using Agent.Activities.Cycle;
using Agent.Activities.Gaps;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Tests.Learning;

namespace Agent.Activities.Tests.Cycle;

/// <summary>Gaps are ranked with what the real knowledge base mined about the cycle's approach for their task type.</summary>
[TestClass]
public sealed class LearningGapAdvisorTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static Gap Gap(string taskType) => new()
    {
        Key = $"{taskType}:x", TaskType = taskType, GoalId = "g", GoalTitle = "G", Metric = "tests.failed", Target = "max 0", Summary = "s",
    };

    private static Approach Template(string taskType) => new() { Name = LearningGapAdvisor.ApproachName(taskType) };

    [TestMethod]
    public async Task An_untried_task_type_is_neutral()
    {
        await using var kb = new KnowledgeSandbox();
        var advice = await new LearningGapAdvisor(kb.Advisor).AdviseAsync("/repo", Gap("fix-build"), Token);
        Assert.AreEqual(GapAdvice.Neutral, advice);
    }

    [TestMethod]
    public async Task An_anti_pattern_pushes_the_gap_down_and_a_proven_approach_lifts_it()
    {
        await using var kb = new KnowledgeSandbox();
        for (var i = 0; i < 3; i++)
        {
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Failed) with { Approach = Template("fix-build") }, Token);
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("document-api", ExperienceOutcome.Accepted) with { Approach = Template("document-api") }, Token);
        }
        var advisor = new LearningGapAdvisor(kb.Advisor);

        var avoided = await advisor.AdviseAsync("/repo", Gap("fix-build"), Token);
        var preferred = await advisor.AdviseAsync("/repo", Gap("document-api"), Token);

        Assert.IsLessThan(1.0, avoided.ConfidenceFactor);
        StringAssert.StartsWith(avoided.Notes.Single(), "anti-pattern");
        Assert.IsGreaterThan(1.0, preferred.ConfidenceFactor);
        StringAssert.StartsWith(preferred.Notes.Single(), "proven");
    }
}
