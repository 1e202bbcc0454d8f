using Agent.Testing.Postgres;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

public abstract class ErrorDatabaseTests : KnowledgeTests
{
    [TestMethod]
    public async Task The_same_error_from_another_path_is_one_stored_error_with_two_occurrences()
    {
        await using var kb = await NewSandboxAsync();
        var first = await kb.Errors.RecordAsync(new ErrorObservation("/tmp/a/src/Foo.cs(10,3): error CS0103: The name 'total' does not exist", "build"), Token);
        var second = await kb.Errors.RecordAsync(new ErrorObservation("/home/x/repo/src/Bar.cs(99,17): error CS0103: The name 'total' does not exist", "build"), Token);

        Assert.AreEqual(first, second);
        var stored = await kb.Errors.ListAsync(10, Token);
        Assert.HasCount(1, stored);
        Assert.AreEqual(2, stored[0].Occurrences);
        Assert.AreEqual("CS0103", stored[0].Kind);
    }

    [TestMethod]
    public async Task Lookup_finds_the_exact_error_first_then_similar_ones_with_solutions_best_first()
    {
        await using var kb = await NewSandboxAsync();
        var exact = await kb.Errors.RecordAsync(new ErrorObservation("ConfigError: missing key 'timeout' in /srv/app/settings.ini at line 3"), Token);
        var similar = await kb.Errors.RecordAsync(new ErrorObservation("ConfigError: missing key 'retries' in /srv/app/settings.ini at line 9"), Token);
        await kb.Errors.RecordAsync(new ErrorObservation("npm ERR! code ENOENT: no such file or directory, open '/x/package.json'"), Token);
        await kb.Errors.RecordSolutionAsync(exact, "add 'timeout = 30' to settings.ini", worked: true, byAgent: true, new SolutionOrigin("0123456789abcdef", "/repo"), cancellationToken: Token);
        await kb.Errors.RecordSolutionAsync(exact, "delete settings.ini", worked: false, byAgent: true, new SolutionOrigin("0123456789abcdef", "/repo"), cancellationToken: Token);
        await kb.Errors.RecordSolutionAsync(exact, "add 'timeout = 30' to settings.ini", worked: true, byAgent: true, new SolutionOrigin("0123456789abcdef", "/repo"), cancellationToken: Token);
        await kb.Errors.RecordSolutionAsync(similar, "add 'retries = 3' to settings.ini", worked: true, byAgent: true, new SolutionOrigin("0123456789abcdef", "/repo"), cancellationToken: Token);

        var matches = await kb.Errors.LookupAsync(new ErrorObservation("ConfigError: missing key 'timeout' in /home/ci/work/settings.ini at line 41"), Token);

        Assert.AreEqual(exact, matches[0].Error.Id);
        Assert.AreEqual(ErrorMatchKind.Exact, matches[0].Kind);
        Assert.AreEqual("add 'timeout = 30' to settings.ini", matches[0].Solutions[0].Description);
        Assert.AreEqual(2, matches[0].Solutions[0].SuccessCount);
        Assert.AreEqual(1, matches[0].Solutions[1].FailureCount);
        Assert.AreEqual(similar, matches[1].Error.Id);
        Assert.AreEqual(ErrorMatchKind.Similar, matches[1].Kind);
        Assert.IsLessThan(1.0, matches[1].Score);
        Assert.HasCount(2, matches, "the npm error shares no words with a config error and must not match");
    }

    [TestMethod]
    public async Task An_unknown_error_has_no_matches()
    {
        await using var kb = await NewSandboxAsync();
        await kb.Errors.RecordAsync(new ErrorObservation("ConfigError: missing key 'timeout'"), Token);

        Assert.IsEmpty(await kb.Errors.LookupAsync(new ErrorObservation("SegmentationFault: core dumped while linking"), Token));
    }

    [TestMethod]
    public async Task Recording_an_attempt_that_fixed_its_error_stores_the_fix_as_a_solution_of_that_error()
    {
        await using var kb = await NewSandboxAsync();
        var recorded = await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Accepted) with
        {
            ErrorsSeen = [new ErrorObservation("ConfigError: missing key 'timeout' in /a/settings.ini at line 3"), new ErrorObservation("warning: slow disk")],
            Fix = new AttemptFix("append 'timeout = 30' to settings.ini", FixedErrors: [0]),
        }, Token);

        var solutions = await kb.Errors.SolutionsAsync(recorded.ErrorIds, Token);
        Assert.HasCount(1, solutions);
        var solution = solutions[recorded.ErrorIds[0]].Single();
        Assert.AreEqual("append 'timeout = 30' to settings.ini", solution.Description);
        Assert.AreEqual(recorded.ExperienceId, solution.ExperienceId);
        Assert.IsTrue(solution.WorkedForAgent);
    }
}

[TestClass]
public sealed class SqliteErrorDatabaseTests : ErrorDatabaseTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresErrorDatabaseTests : ErrorDatabaseTests
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
