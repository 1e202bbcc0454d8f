using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

[TestClass]
public sealed class ExperienceReplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_task_context_holds_the_stored_fix_and_the_similar_past_attempt()
    {
        await using var kb = new KnowledgeSandbox();
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Accepted, description: "make the settings check pass") with
        {
            ErrorsSeen = [new ErrorObservation("ConfigError: missing key 'timeout' in /r1/settings.ini at line 3")],
            Fix = new AttemptFix("append 'timeout = 30' to settings.ini"),
        }, Token);

        var context = await kb.Learning.GetTaskContextAsync(new LearningTask("keep the build green", "fix-config", "make the settings check pass"),
            [new ErrorObservation("ConfigError: missing key 'timeout' in /r2/other/settings.ini at line 12")], Token);

        Assert.AreEqual(ErrorMatchKind.Exact, context.ErrorMatches.Single().Kind);
        Assert.HasCount(1, context.Experiences);
        Assert.HasCount(1, context.OfferedSolutionIds);
        StringAssert.Contains(context.PromptBlock, "fix (worked 1 of 1 times): append 'timeout = 30' to settings.ini");
        StringAssert.Contains(context.PromptBlock, "[Accepted] fix-config: make the settings check pass");
    }

    [TestMethod]
    public async Task Nothing_known_gives_an_empty_prompt_block()
    {
        await using var kb = new KnowledgeSandbox();

        var context = await kb.Learning.GetTaskContextAsync(new LearningTask("g", "fix-config", "anything"), [new ErrorObservation("ConfigError: x")], Token);

        Assert.AreEqual("", context.PromptBlock);
    }

    [TestMethod]
    public async Task A_past_failure_is_proposed_again_once_a_fix_for_its_error_worked_elsewhere()
    {
        await using var kb = new KnowledgeSandbox();
        var failed = await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Failed, startedAt: T0, description: "service A settings") with
        {
            ErrorsSeen = [new ErrorObservation("ConfigError: missing key 'timeout' in /a/settings.ini at line 3")],
        }, Token);
        Assert.IsEmpty(await kb.Learning.ProposeReplaysAsync(Token), "no new knowledge yet");

        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Accepted, startedAt: T0.AddDays(1), description: "service B settings") with
        {
            ErrorsSeen = [new ErrorObservation("ConfigError: missing key 'timeout' in /b/settings.ini at line 7")],
            Fix = new AttemptFix("append 'timeout = 30' to settings.ini"),
        }, Token);

        var proposal = (await kb.Learning.ProposeReplaysAsync(Token)).Single();
        Assert.AreEqual(failed.ExperienceId, proposal.ExperienceId);
        Assert.AreEqual("service A settings", proposal.Task.Description);
        Assert.AreEqual("append 'timeout = 30' to settings.ini", proposal.NewSolutions.Single().Description);

        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Accepted, startedAt: T0.AddDays(2), description: "service A settings"), Token);
        Assert.IsEmpty(await kb.Learning.ProposeReplaysAsync(Token), "a later accepted attempt at the same task closes it");
    }
}
