using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

/// <summary>
/// The cycle's Learn step records its attempt under the step's execution id; a step re-run after a crash records the
/// same attempt again, and the knowledge base must count it once.
/// </summary>
[TestClass]
public sealed class AttemptIdempotenceTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

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
        await using var kb = new KnowledgeSandbox();

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
        await using var kb = new KnowledgeSandbox();

        await kb.Learning.RecordAttemptAsync(Fixing(null), Token);
        await kb.Learning.RecordAttemptAsync(Fixing(null), Token);
        await kb.Learning.RecordAttemptAsync(Fixing("execution-1"), Token);
        await kb.Learning.RecordAttemptAsync(Fixing("execution-2"), Token);

        Assert.AreEqual(4L, kb.Scalar("SELECT COUNT(*) FROM experiences"));
        Assert.AreEqual(4, (await kb.Errors.ListAsync(10, Token)).Single().Occurrences);
    }
}
