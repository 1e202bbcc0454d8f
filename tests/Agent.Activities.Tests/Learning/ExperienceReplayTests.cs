using Agent.Testing.Postgres;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

public abstract class ExperienceReplayTests : KnowledgeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task The_task_context_holds_the_stored_fix_and_the_similar_past_attempt()
    {
        await using var kb = await NewSandboxAsync();
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
        StringAssert.Matches(context.PromptBlock, new System.Text.RegularExpressions.Regex(@"fix \(worked 1 of 1 times; from sandbox, commit [0-9a-f]{10}\): append 'timeout = 30' to settings\.ini"));
        StringAssert.Contains(context.PromptBlock, "[Accepted] fix-config: make the settings check pass (saw the same error; from sandbox");
    }

    [TestMethod]
    public async Task Knowledge_from_another_repository_reaches_a_prompt_only_through_the_same_error()
    {
        await using var kb = await NewSandboxAsync();
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-failing-test", ExperienceOutcome.Accepted, description: "The test 'ArithmeticTests.Max_returns_the_larger_value' fails") with
        {
            ErrorsSeen = [new ErrorObservation("Assert.AreEqual failed. Expected:<3>. Actual:<2>. at ArithmeticTests.Max_returns_the_larger_value() in /s/ArithmeticTests.cs:line 12")],
            Fix = new AttemptFix("Fixed Arithmetic.Max: it now returns the larger value."),
        }, Token);
        var elsewhere = "/repo/library";

        var restoreError = await kb.Learning.GetTaskContextAsync(new LearningTask("build", "fix-build", "The build fails: NU1101 Unable to find package Foo", Repository: elsewhere),
            [new ErrorObservation("error NU1101: Unable to find package Foo. No packages exist with this id in source(s): local")], Token);
        Assert.AreEqual("", restoreError.PromptBlock, "another repository's test fix says nothing about a restore error");

        var sameTaskElsewhere = await kb.Learning.GetTaskContextAsync(new LearningTask("keep the build green", "fix-failing-test", "The test 'ArithmeticTests.Min_returns_the_smaller_value' fails", Repository: elsewhere),
            [new ErrorObservation("Assert.AreEqual failed. Expected:<1>. Actual:<4>. at ArithmeticTests.Min_returns_the_smaller_value() in /l/MinTests.cs:line 3")], Token);
        Assert.HasCount(0, sameTaskElsewhere.Experiences, "a similar task in another repository is not relevant without the same error");
        Assert.HasCount(0, sameTaskElsewhere.OfferedSolutionIds);

        var sameError = await kb.Learning.GetTaskContextAsync(new LearningTask("keep the build green", "fix-failing-test", "another task", Repository: elsewhere),
            [new ErrorObservation("Assert.AreEqual failed. Expected:<3>. Actual:<2>. at ArithmeticTests.Max_returns_the_larger_value() in /other/ArithmeticTests.cs:line 40")], Token);
        Assert.AreEqual(ErrorMatchKind.Exact, sameError.ErrorMatches.Single().Kind);
        Assert.HasCount(1, sameError.OfferedSolutionIds, "the same error signature carries its fix across repositories");
        StringAssert.Contains(sameError.PromptBlock, "same error, similarity 1.00");
    }

    [TestMethod]
    public async Task In_the_same_repository_a_past_attempt_of_the_same_task_type_is_shown_with_its_similarity_when_similar_enough()
    {
        await using var kb = await NewSandboxAsync();
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("document-api", ExperienceOutcome.Rejected, description: "3 public member(s) in src/Calc.cs have no XML docs"), Token);
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("remove-todo", ExperienceOutcome.Rejected, description: "2 TODO/FIXME marker(s) in src/Calc.cs"), Token);

        var similar = await kb.Learning.GetTaskContextAsync(new LearningTask("keep the build green", "document-api", "2 public member(s) in src/Calc.cs have no XML docs", Repository: KnowledgeSandbox.Repository), [], Token);
        var dissimilar = await kb.Learning.GetTaskContextAsync(new LearningTask("speed", "document-api", "Parser", Repository: KnowledgeSandbox.Repository), [], Token);

        var shown = similar.Experiences.Single();
        Assert.AreEqual("document-api", shown.Experience.TaskType, "another task type of the same repository is not shown");
        Assert.IsTrue(shown.Similarity >= 0.3, shown.Similarity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.Contains(similar.PromptBlock, $"similarity {shown.Similarity:0.00}; from sandbox");
        Assert.HasCount(0, dissimilar.Experiences, "below Learning:MinSimilarity nothing is shown");
    }

    [TestMethod]
    public async Task Nothing_known_gives_an_empty_prompt_block()
    {
        await using var kb = await NewSandboxAsync();

        var context = await kb.Learning.GetTaskContextAsync(new LearningTask("g", "fix-config", "anything"), [new ErrorObservation("ConfigError: x")], Token);

        Assert.AreEqual("", context.PromptBlock);
    }

    [TestMethod]
    public async Task A_past_failure_is_proposed_again_once_a_fix_for_its_error_worked_elsewhere()
    {
        await using var kb = await NewSandboxAsync();
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

[TestClass]
public sealed class SqliteExperienceReplayTests : ExperienceReplayTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresExperienceReplayTests : ExperienceReplayTests
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
