using Agent.Testing.Postgres;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

/// <summary>
/// The cycle's Learn step records its attempt under the step's execution id; a step re-run after a crash records the
/// same attempt again, and the knowledge base must count it once.
/// </summary>
public abstract class AttemptIdempotenceTests : KnowledgeTests
{
    private static AttemptRecord Fixing(string? attemptId) => KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Accepted) with
    {
        AttemptId = attemptId,
        ErrorsSeen = [new ErrorObservation("src/Calc.cs(3,5): error CS0103: The name 'total' does not exist in the current context", "build")],
        Fix = new AttemptFix("declare 'total' before the loop"),
        MetricsAfter = new Dictionary<string, double> { ["tests.passed"] = 5 },
    };

    [TestMethod]
    public async Task Recording_the_same_attempt_id_twice_stores_it_once_and_returns_what_the_first_stored()
    {
        await using var kb = await NewSandboxAsync();

        var first = await kb.Learning.RecordAttemptAsync(Fixing("execution-42"), Token);
        var again = await kb.Learning.RecordAttemptAsync(Fixing("execution-42"), Token);

        Assert.AreEqual(first.ExperienceId, again.ExperienceId);
        CollectionAssert.AreEqual(first.ErrorIds.ToList(), again.ErrorIds.ToList());
        CollectionAssert.AreEqual(first.SolutionIds.ToList(), again.SolutionIds.ToList());
        Assert.AreEqual(1L, kb.Scalar("SELECT COUNT(*) FROM experiences"));
        var error = (await kb.Errors.ListAsync(10, Token)).Single();
        Assert.AreEqual(1, error.Occurrences, "the error was seen once");
        var solution = (await kb.Errors.SolutionsAsync([error.Id], Token))[error.Id].Single();
        Assert.AreEqual(1, solution.SuccessCount, "the fix worked once");
        Assert.AreEqual(1L, kb.Scalar("SELECT COUNT(*) FROM metrics WHERE name = 'tests.passed'"));
    }

    [TestMethod]
    public async Task Attempts_without_an_id_or_with_different_ids_are_each_stored()
    {
        await using var kb = await NewSandboxAsync();

        await kb.Learning.RecordAttemptAsync(Fixing(null), Token);
        await kb.Learning.RecordAttemptAsync(Fixing(null), Token);
        await kb.Learning.RecordAttemptAsync(Fixing("execution-1"), Token);
        await kb.Learning.RecordAttemptAsync(Fixing("execution-2"), Token);

        Assert.AreEqual(4L, kb.Scalar("SELECT COUNT(*) FROM experiences"));
        Assert.AreEqual(4, (await kb.Errors.ListAsync(10, Token)).Single().Occurrences);
    }

    [TestMethod]
    public async Task A_rolled_back_attempt_counts_as_a_failure_of_its_approach_and_its_fix_once()
    {
        await using var kb = await NewSandboxAsync();
        var recorded = await kb.Learning.RecordAttemptAsync(Fixing("execution-7"), Token);

        Assert.IsTrue(await kb.Learning.RecordRollbackAsync(recorded.ExperienceId, Token));
        Assert.IsFalse(await kb.Learning.RecordRollbackAsync(recorded.ExperienceId, Token), "a second rollback changes nothing");

        Assert.AreEqual("RolledBack", (await kb.Experiences.ListAsync(10, cancellationToken: Token)).Single().Outcome.ToString());
        var pattern = (await kb.Patterns.ListAsync("fix-build", Token)).Single();
        Assert.AreEqual((0, 1), (pattern.SuccessCount, pattern.FailureCount));
        var solution = (await kb.Errors.SolutionsAsync([recorded.ErrorIds[0]], Token))[recorded.ErrorIds[0]].Single();
        Assert.AreEqual((1, 1), (solution.SuccessCount, solution.FailureCount), "the fix held once and then did not");
    }

    [TestMethod]
    public async Task Only_an_accepted_attempt_can_be_rolled_back()
    {
        await using var kb = await NewSandboxAsync();
        var rejected = await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Rejected), Token);

        var notAccepted = await Assert.ThrowsExactlyAsync<LearningInputException>(() => kb.Learning.RecordRollbackAsync(rejected.ExperienceId, Token));
        StringAssert.Contains(notAccepted.Message, "only an accepted change can be rolled back");
        var unknown = await Assert.ThrowsExactlyAsync<LearningInputException>(() => kb.Learning.RecordRollbackAsync("no-such-experience", Token));
        StringAssert.Contains(unknown.Message, "there is no experience 'no-such-experience'");
        Assert.AreEqual("Rejected", (await kb.Experiences.ListAsync(10, cancellationToken: Token)).Single().Outcome.ToString());
    }
}

[TestClass]
public sealed class SqliteAttemptIdempotenceTests : AttemptIdempotenceTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresAttemptIdempotenceTests : AttemptIdempotenceTests
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
