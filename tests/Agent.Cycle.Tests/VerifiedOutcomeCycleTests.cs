using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// The cycle accepts, learns and counts a change only when a measurement shows its gap closed: the real CLI, the real
/// Claude CLI against the scripted model playing a script that claims a fix it did not make (or made elsewhere), real
/// git and real test runners. Each bad change is rejected with its reason, stores no solution, leaves the KPIs as they
/// were and main untouched.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class VerifiedOutcomeCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_script_that_claims_a_fix_and_edits_nothing_is_rejected_as_no_change()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-claim-without-edit-node.json", Token);

        var summary = await RejectedAsync(f);

        StringAssert.StartsWith(Failures(summary)[0], "has-change: no change");
    }

    [TestMethod]
    public async Task A_script_that_edits_an_unrelated_file_is_rejected_because_the_gap_is_still_open()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-edit-unrelated-node.json", Token);

        var summary = await RejectedAsync(f);

        CollectionAssert.Contains(Failures(summary), "gap-closed: the gap 'fix-failing-test:wordCount ignores repeated spaces' is still open: the test 'wordCount ignores repeated spaces' still fails.");
        Assert.IsFalse(summary.GetProperty("gapClosed").GetBoolean());
    }

    [TestMethod]
    public async Task A_script_that_fixes_another_test_than_the_gap_s_is_rejected_although_fewer_tests_fail()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-other-test-node.json", Token);
        // A second failing test: capitalize ranks first (equal priority, then by key), and the script fixes wordCount instead.
        var source = Path.Combine(f.Target, "src", "strings.js");
        await File.WriteAllTextAsync(source, (await File.ReadAllTextAsync(source, Token)).Replace("word[0].toUpperCase()", "word[0]", StringComparison.Ordinal), Token);
        TestGit.CommitAll(f.Target, "break capitalize");

        var summary = await RejectedAsync(f);

        Assert.AreEqual("fix-failing-test:capitalize upper-cases the first letter", summary.GetProperty("topGap").GetProperty("key").GetString());
        Assert.AreEqual(2, summary.GetProperty("testsBefore").GetProperty("failed").GetInt32());
        Assert.AreEqual(1, summary.GetProperty("testsAfter").GetProperty("failed").GetInt32(), "the script did fix a test, just not the gap's");
        CollectionAssert.Contains(Failures(summary), "gap-closed: the gap 'fix-failing-test:capitalize upper-cases the first letter' is still open: the test 'capitalize upper-cases the first letter' still fails.");
    }

    [TestMethod]
    public async Task A_script_that_fixes_the_gap_but_breaks_the_build_is_rejected()
    {
        await using var f = await CycleFixture.CreateAsync("dotnet-calculator", "rehearsal-fix-but-break-build-dotnet.json", Token);

        var summary = await RejectedAsync(f);

        var failures = Failures(summary);
        Assert.IsTrue(failures.Any(x => x.StartsWith("build-succeeds: the build succeeded before the change and fails after it.", StringComparison.Ordinal)), string.Join("\n", failures));
        Assert.IsTrue(failures.Any(x => x.StartsWith("gap-closed:", StringComparison.Ordinal)), "without a build the fixed test cannot be shown to pass: " + string.Join("\n", failures));
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("testsAfter").ValueKind, "tests that could not run are not reported as 0 of 0");
        StringAssert.Contains(summary.GetProperty("measuredAfter").GetString(), "build fails");
    }

    [TestMethod]
    public async Task After_the_sample_is_fixed_a_second_target_s_prompt_carries_none_of_it_and_nothing_is_learned_or_counted_from_its_failure()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var (first, firstSummary) = await f.RunCycleAsync();
        Assert.AreEqual("merged", firstSummary.GetProperty("outcome").GetString(), first.ToString());
        var kpisBefore = await KpisAsync(f);
        var requestsBefore = f.Model.Log.MessagesRequests.Count;

        // A .NET library whose build fails for a reason the script knows nothing about.
        var library = Directory.CreateDirectory(Path.Combine(f.Cli.Folder, "target", "library")).FullName;
        await File.WriteAllTextAsync(Path.Combine(library, "Library.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n", Token);
        await File.WriteAllTextAsync(Path.Combine(library, "Parser.cs"), "namespace Library;\n\n/// <summary>Parses.</summary>\npublic static class Parser\n{\n    /// <summary>Parses a number.</summary>\n    public static int Parse(string text) => int.Parse(txt);\n}\n", Token);
        var head = TestGit.Head(TestGit.InitWithCommit(library, "library"));

        var second = await f.Cli.RunAsync("run", CycleFixture.DefinitionFile, "--input", $"targetPath={library}", "--json");
        var summary = second.Json().GetProperty("variables").GetProperty("summary");

        Assert.AreEqual("fix-build", summary.GetProperty("topGap").GetProperty("taskType").GetString(), second.ToString());
        Assert.AreNotEqual("merged", summary.GetProperty("outcome").GetString(), second.ToString());
        var prompts = f.Model.Log.MessagesRequests.Skip(requestsBefore).Select(r => r.Body?.GetRawText() ?? "").ToList();
        Assert.IsNotEmpty(prompts, "the model was asked about the library");
        Assert.IsFalse(prompts.Any(p => p.Contains("wordCount", StringComparison.Ordinal)), "the sample's attempt reached the library's prompt");
        Assert.AreEqual(head, TestGit.Run(library, "rev-parse", "HEAD").Trim(), "main is untouched");
        Assert.AreEqual("", TestGit.Run(library, "status", "--porcelain").Trim());
        var kpisAfter = await KpisAsync(f);
        Assert.AreEqual(kpisBefore.GetProperty("autonomy").GetProperty("completed").GetInt32(), kpisAfter.GetProperty("autonomy").GetProperty("completed").GetInt32());
        Assert.AreEqual(kpisBefore.GetProperty("errorRecovery").GetProperty("recoveredByAgent").GetInt32(), kpisAfter.GetProperty("errorRecovery").GetProperty("recoveredByAgent").GetInt32());
        var errors = await f.Cli.RunAsync("knowledge", "errors", "--json");
        var cs0103 = errors.Json().EnumerateArray().Single(e => e.GetProperty("error").GetProperty("kind").GetString() == "CS0103");
        Assert.AreEqual(0, cs0103.GetProperty("solutions").GetArrayLength(), "the library's build error has no fix: " + errors.Output);
    }

    [TestMethod]
    public async Task Knowledge_verify_fix_quarantines_solutions_without_a_merged_commit_in_the_target_s_history_and_keeps_the_verified_one()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var (run, merged) = await f.RunCycleAsync();
        Assert.AreEqual("merged", merged.GetProperty("outcome").GetString(), run.ToString());
        // Two bogus solutions of the learned error, as a knowledge base written before outcomes were verified holds them:
        // one with no commit at all, one whose commit is not in the target's history.
        var database = Path.Combine(f.Cli.Folder, ".data", "knowledge_base.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var seed = connection.CreateCommand();
            seed.CommandText = """
                INSERT INTO solutions (errorId, description, descriptionDigest, experienceId, successCount, failureCount, workedForAgent, createdAt, updatedAt, commitId, repository)
                SELECT s.errorId, 'Fixed Arithmetic.Max in src/Calculator/Arithmetic.cs', 'bogus-1', s.experienceId, 1, 0, 1, s.createdAt, s.updatedAt, NULL, NULL FROM solutions s;
                INSERT INTO solutions (errorId, description, descriptionDigest, experienceId, successCount, failureCount, workedForAgent, createdAt, updatedAt, commitId, repository)
                SELECT s.errorId, 'a fix from a history that was rewritten', 'bogus-2', s.experienceId, 1, 0, 1, s.createdAt, s.updatedAt, 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef', s.repository FROM solutions s WHERE s.descriptionDigest <> 'bogus-1';
                """;
            Assert.AreEqual(2, seed.ExecuteNonQuery());
        }
        var report = await f.Cli.RunAsync("knowledge", "verify", "--json");
        var dry = report.Json();
        Assert.AreEqual(3, dry.GetProperty("checked").GetInt32(), report.ToString());
        Assert.AreEqual(1, dry.GetProperty("verified").GetInt32(), report.ToString());
        var reasons = dry.GetProperty("unverified").EnumerateArray().Select(u => u.GetProperty("reason").GetString()!).Order(StringComparer.Ordinal).ToList();
        StringAssert.StartsWith(reasons[0], "commit deadbeef");
        StringAssert.StartsWith(reasons[1], "it links to no merged commit");
        Assert.IsFalse(dry.GetProperty("quarantined").GetBoolean(), "without --fix nothing changes");

        var fixedIt = await f.Cli.RunAsync("knowledge", "verify", "--fix");
        Assert.AreEqual(0, fixedIt.ExitCode, fixedIt.ToString());
        StringAssert.Contains(fixedIt.Output, "Quarantined 2 solution(s)");
        var again = (await f.Cli.RunAsync("knowledge", "verify", "--json")).Json();
        Assert.AreEqual(1, again.GetProperty("checked").GetInt32());
        Assert.AreEqual(2, again.GetProperty("alreadyQuarantined").GetInt32());
        var errors = (await f.Cli.RunAsync("knowledge", "errors", "--json")).Json();
        var solutions = errors.EnumerateArray().SelectMany(e => e.GetProperty("solutions").EnumerateArray()).ToList();
        Assert.HasCount(1, solutions, "only the verified fix is listed");
        StringAssert.Contains(solutions[0].GetProperty("description").GetString(), "Fixed wordCount");
        Assert.AreEqual(merged.GetProperty("commit").GetString(), solutions[0].GetProperty("commitId").GetString(), "the fix links to the merged commit");
    }

    // Runs the fixture's cycle, asserts it was rejected and changed nothing that counts, and returns its summary.
    private async Task<JsonElement> RejectedAsync(CycleFixture f)
    {
        var before = f.Head();
        var kpisBefore = await KpisAsync(f);
        var (result, summary) = await f.RunCycleAsync();
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("rejected", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(before, f.Head(), "main is untouched");
        Assert.AreEqual("", TestGit.Run(f.Target, "status", "--porcelain").Trim(), "the target's work tree is untouched");
        Assert.IsEmpty(f.AgentBranches(), "the worktree and its branch are discarded");
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("commit").ValueKind);

        var errors = await f.Cli.RunAsync("knowledge", "errors", "--json");
        Assert.AreEqual(0, errors.ExitCode, errors.ToString());
        Assert.IsTrue(errors.Json().EnumerateArray().All(e => e.GetProperty("solutions").GetArrayLength() == 0), "no solution was stored: " + errors.Output);
        var kpisAfter = await KpisAsync(f);
        Assert.AreEqual(kpisBefore.GetProperty("autonomy").GetProperty("completed").GetInt32(), kpisAfter.GetProperty("autonomy").GetProperty("completed").GetInt32(), "no accepted task was counted");
        Assert.AreEqual(0, kpisAfter.GetProperty("errorRecovery").GetProperty("recoveredByAgent").GetInt32(), "no error counts as recovered");
        return summary;
    }

    private static List<string> Failures(JsonElement summary) => [.. summary.GetProperty("gateFailures").EnumerateArray().Select(e => e.GetString()!)];

    private static async Task<JsonElement> KpisAsync(CycleFixture f)
    {
        var kpi = await f.Cli.RunAsync("kpi", "--json");
        Assert.AreEqual(0, kpi.ExitCode, kpi.ToString());
        return kpi.Json();
    }
}
