using Agent.Activities.Assessment;
using Agent.Activities.Claude;
using Agent.Activities.Goals;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Cycle;

/// <summary>
/// The rehearsal scripts for bad changes really make them: run through the real CLI on a copy of the node sample,
/// then measured again.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class RehearsalScriptTests
{
    public TestContext TestContext { get; set; } = null!;

    private async Task<(ClaudeRunResult Run, MeasurementSnapshot After)> RunScriptAsync(string script, SampleRepository repo)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Scripts", script), TestContext.CancellationToken);
        await using var h = await CycleWorkflowHarness.StartAsync(json, TestContext.CancellationToken);
        var run = await h.Services.GetRequiredService<ClaudeRunner>().RunAsync(new ClaudeRunRequest
        {
            Prompt = "Fix the failing test 'wordCount ignores repeated spaces'.",
            WorkingDirectory = repo.Path,
            PermissionMode = ClaudePermissionModes.AcceptEdits,
            Environment = new Dictionary<string, string> { ["HOME"] = h.Home },
        }, null, TestContext.CancellationToken);
        var after = await h.Services.GetRequiredService<AssessmentService>().MeasureAsync(repo.Path, null, TestContext.CancellationToken);
        return (run, after);
    }

    [TestMethod]
    public async Task The_break_other_test_script_fixes_the_failing_test_but_breaks_another()
    {
        using var repo = SampleRepository.Create("node-strings");

        var (run, after) = await RunScriptAsync("rehearsal-break-other-test-node.json", repo);

        Assert.IsTrue(run.IsSuccess, run.Error);
        Assert.AreEqual(3, after.Metrics[MetricCatalog.TestsTotal]);
        Assert.AreEqual("capitalize upper-cases the first letter", after.FailingTests.Single().Name);
    }

    [TestMethod]
    public async Task The_delete_test_script_removes_the_failing_test()
    {
        using var repo = SampleRepository.Create("node-strings");

        var (run, after) = await RunScriptAsync("rehearsal-delete-test-node.json", repo);

        Assert.IsTrue(run.IsSuccess, run.Error);
        Assert.AreEqual(2, after.Metrics[MetricCatalog.TestsTotal]);
        Assert.AreEqual(0, after.Metrics[MetricCatalog.TestsFailed]);
        Assert.DoesNotContain("wordCount ignores repeated spaces", await File.ReadAllTextAsync(Path.Combine(repo.Path, "test", "strings.test.js"), TestContext.CancellationToken));
    }
}
