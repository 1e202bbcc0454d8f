using Agent.Activities.Gaps;
using Agent.Activities.Planning;
using Agent.Activities.Research;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Planning;

[TestClass]
public sealed class PlanServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    private static PlanService Service(string? templates = null, double asyncCost = 2.5) =>
        new(Options.Create(new PlanOptions { TemplatesDirectory = templates ?? Path.Combine(AgentRepository.Root, "prompts"), AsyncCostThreshold = asyncCost }));

    private static Gap Gap(string taskType, string subject, string file, double cost = 1) => new()
    {
        Key = $"{taskType}:{subject}",
        TaskType = taskType,
        GoalId = "g",
        GoalTitle = "All tests pass",
        Metric = "tests.failed",
        Target = "tests.failed ≤ 0",
        Current = 1,
        Subject = subject,
        Files = [file],
        Summary = $"summary of {subject}",
        ExpectedCost = cost,
        Advice = ["prefer small fixes"],
    };

    private static ResearchContext Research(string key, string file) => new(
        key,
        [new RelevantFile(file, "holds the failing test", "assert.equal(wordCount('a  b'), 2);\n", false)],
        ["AssertionError: 3 !== 2"],
        [new ResearchNote("error-database", "Same error before", "split on runs of spaces")]);

    [TestMethod]
    public async Task The_fix_failing_test_template_renders_the_gap_its_research_and_the_acceptance_criteria()
    {
        var gap = Gap(TaskTypes.FixFailingTest, "wordCount ignores repeated spaces", "test/strings.test.js");

        var plan = await Service().PlanAsync([new PlanInput(gap, Research(gap.Key, "test/strings.test.js"))], TestContext.CancellationToken);

        Assert.AreEqual(ExecutionModes.Simple, plan.Mode);
        Assert.AreEqual(TaskTypes.FixFailingTest, plan.TaskType);
        Assert.EndsWith("prompts/fix-failing-test.md", plan.TemplateFile);
        Assert.AreEqual(64, plan.TemplateSha256.Length);
        var prompt = plan.Prompt;
        Assert.Contains("Task: summary of wordCount ignores repeated spaces", prompt);
        Assert.Contains("Goal: All tests pass (tests.failed ≤ 0, now 1).", prompt);
        Assert.Contains("### test/strings.test.js (holds the failing test)\n```\nassert.equal(wordCount('a  b'), 2);\n```", prompt);
        Assert.Contains("```\nAssertionError: 3 !== 2\n```", prompt);
        Assert.Contains("- [error-database] Same error before: split on runs of spaces", prompt);
        Assert.Contains("- prefer small fixes", prompt);
        Assert.Contains("- The test 'wordCount ignores repeated spaces' passes.", prompt);
        Assert.DoesNotContain("{{", prompt);
        CollectionAssert.Contains(plan.Tasks.Single().AcceptanceCriteria.ToList(), "No test is deleted, skipped, or weakened (assertions stay as strict as they were).");
    }

    [TestMethod]
    public async Task Every_task_type_has_a_template_that_uses_only_known_placeholders()
    {
        foreach (var taskType in TaskTypes.All)
        {
            var gap = Gap(taskType, "s", "a.cs");
            var plan = await Service().PlanAsync([new PlanInput(gap, Research(gap.Key, "a.cs"))], TestContext.CancellationToken);
            Assert.DoesNotContain("{{", plan.Prompt, taskType);
            Assert.Contains("Done when:", plan.Prompt, taskType);
        }
    }

    [TestMethod]
    public async Task An_unknown_placeholder_names_the_template_the_line_and_the_known_names()
    {
        var folder = SampleRepository.CreatePlainFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "fix-failing-test.md"), "Fix it.\n\nSee {{ summary }} and {{stack_trace}}.\n", TestContext.CancellationToken);
        var gap = Gap(TaskTypes.FixFailingTest, "t", "a.js");

        var error = await Assert.ThrowsExactlyAsync<PromptTemplateException>(() =>
            Service(folder).PlanAsync([new PlanInput(gap, Research(gap.Key, "a.js"))], TestContext.CancellationToken));

        Assert.AreEqual(3, error.Line);
        Assert.StartsWith($"{Path.Combine(folder, "fix-failing-test.md")}:3: unknown placeholder '{{{{stack_trace}}}}'", error.Message);
        foreach (var name in PlanService.PlaceholderNames) Assert.Contains(name, error.Message);
    }

    [TestMethod]
    public async Task A_missing_template_says_which_file_to_add()
    {
        var folder = SampleRepository.CreatePlainFolder();
        var gap = Gap(TaskTypes.RemoveTodo, "a.cs", "a.cs");

        var error = await Assert.ThrowsExactlyAsync<PromptTemplateException>(() =>
            Service(folder).PlanAsync([new PlanInput(gap, Research(gap.Key, "a.cs"))], TestContext.CancellationToken));

        Assert.Contains("no prompt template for the task type 'remove-todo'", error.Message);
        Assert.Contains("Add remove-todo.md", error.Message);
    }

    [TestMethod]
    public async Task Gaps_of_the_same_type_on_distinct_files_run_in_parallel_and_overlapping_ones_wait()
    {
        var a = Gap(TaskTypes.DocumentApi, "src/A.cs", "src/A.cs");
        var b = Gap(TaskTypes.DocumentApi, "src/B.cs", "src/B.cs");
        var sameFile = Gap(TaskTypes.DocumentApi, "src/A.cs again", "src/A.cs");
        var otherType = Gap(TaskTypes.RemoveWarning, "src/C.cs", "src/C.cs");

        var plan = await Service().PlanAsync(
            [new(a, Research(a.Key, "src/A.cs")), new(sameFile, Research(sameFile.Key, "src/A.cs")), new(otherType, Research(otherType.Key, "src/C.cs")), new(b, Research(b.Key, "src/B.cs"))],
            TestContext.CancellationToken);

        Assert.AreEqual(ExecutionModes.Parallel, plan.Mode);
        CollectionAssert.AreEqual(new[] { a.Key, b.Key }, plan.Tasks.Select(t => t.GapKey).ToList());
        Assert.HasCount(2, plan.Prompts);
    }

    [TestMethod]
    public async Task A_costly_task_runs_as_an_async_job()
    {
        var gap = Gap(TaskTypes.UpdateDependency, "deps.outdated", "a.csproj", cost: 2.5);

        var plan = await Service(asyncCost: 2.5).PlanAsync([new PlanInput(gap, Research(gap.Key, "a.csproj"))], TestContext.CancellationToken);

        Assert.AreEqual(ExecutionModes.Async, plan.Mode);
    }
}
