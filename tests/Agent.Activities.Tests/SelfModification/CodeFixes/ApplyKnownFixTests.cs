using System.Text.Json;
using Agent.Activities.Tests.Claude;
using Agent.Activities.Tests.Cycle;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.SelfModification.CodeFixes;

/// <summary>ApplyKnownFix in the real engine on a copy of the calculator sample: its descriptor, its runs in ClaudeExecute's shape, its outcomes.</summary>
[TestClass]
public sealed class ApplyKnownFixTests
{
    private const string UnusedScript = """{ "rules": [ { "respond": { "text": "unused" } } ] }""";
    private const string ArithmeticFile = "src/Calculator/Arithmetic.cs";

    public TestContext TestContext { get; set; } = null!;

    private async Task<WorkflowInstance> RunAsync(ClaudeWorkflowHarness h, string checkout, int line)
    {
        var head = TestGit.Run(checkout, "rev-parse", "HEAD").Trim();
        var worktree = $"({{ taskId: 't1', targetRepository: {JsonSerializer.Serialize(checkout)}, path: {JsonSerializer.Serialize(checkout)}, branch: 'agent/t1', targetBranch: 'main', baseCommit: '{head}' }})";
        var plan = $"({{ mode: 'deterministic', fix: {{ diagnosticId: 'CS0219', file: '{ArithmeticFile}', line: {line}, message: \"The variable 'unused' is assigned but its value is never used\" }} }})";
        return await h.RunAsync(Wf.Flowchart(
            [Wf.Start(), Wf.Activity("fix", "Agent.ApplyKnownFix", ("worktree", Wf.Js(worktree)), ("plan", Wf.Js(plan))),
             Wf.WriteLine("done", "'Done'"), Wf.WriteLine("failed", "'Failed'")],
            [Wf.Connect("start", "fix"), Wf.Connect("fix", "done", "Done"), Wf.Connect("fix", "failed", "Failed")]), TestContext.CancellationToken);
    }

    private static Dictionary<string, object?> Run(WorkflowInstance instance) =>
        (Dictionary<string, object?>)((List<object?>)instance.State.ActivityOutputs["fix"]["results"]!).Single()!;

    [TestMethod]
    public async Task It_removes_the_warning_in_the_checkout_and_reports_one_free_run_in_ClaudeExecute_s_shape()
    {
        using var repo = SampleRepository.Create("dotnet-calculator");
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);

        var instance = await RunAsync(h, repo.Path, 15);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
        Assert.Contains("Done", instance.State.OutputLines);
        var run = Run(instance);
        Assert.IsTrue((bool)run["success"]!);
        Assert.AreEqual("ast-fix", run["subtype"]);
        Assert.AreEqual(0.0, Convert.ToDouble(run["costUsd"]));
        Assert.AreEqual(0L, Convert.ToInt64(((Dictionary<string, object?>)run["tokens"]!)["total"]));
        Assert.AreEqual(0L, Convert.ToInt64(run["turns"]));
        Assert.IsNull(run["error"]);
        StringAssert.Contains((string)run["text"]!, "removed the unused local 'unused' on line 15");
        Assert.AreEqual($" M {ArithmeticFile}", TestGit.Run(repo.Path, "status", "--porcelain").TrimEnd());
        Assert.DoesNotContain("unused", await File.ReadAllTextAsync(Path.Combine(repo.Path, ArithmeticFile), TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Run_again_on_a_checkout_it_already_fixed_as_after_a_crash_it_applies_the_same_edit_once()
    {
        using var repo = SampleRepository.Create("dotnet-calculator");
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);
        await RunAsync(h, repo.Path, 15);
        var fixedOnce = await File.ReadAllTextAsync(Path.Combine(repo.Path, ArithmeticFile), TestContext.CancellationToken);

        var again = await RunAsync(h, repo.Path, 15);

        Assert.Contains("Done", again.State.OutputLines, "the re-run starts from the base commit's text, so the node is there again");
        Assert.AreEqual(fixedOnce, await File.ReadAllTextAsync(Path.Combine(repo.Path, ArithmeticFile), TestContext.CancellationToken));
        Assert.AreEqual($" M {ArithmeticFile}", TestGit.Run(repo.Path, "status", "--porcelain").TrimEnd());
    }

    [TestMethod]
    public async Task A_fix_that_does_not_apply_completes_Failed_with_the_reason_and_changes_nothing()
    {
        using var repo = SampleRepository.Create("dotnet-calculator");
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);

        var instance = await RunAsync(h, repo.Path, 16);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.Contains("Failed", instance.State.OutputLines);
        var run = Run(instance);
        Assert.IsFalse((bool)run["success"]!);
        StringAssert.Contains((string)run["error"]!, "no local 'unused' is declared on line 16");
        Assert.AreEqual("", TestGit.Run(repo.Path, "status", "--porcelain").Trim(), "the checkout is untouched");
    }

    [TestMethod]
    public async Task Its_descriptor_names_its_inputs_output_and_outcomes()
    {
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);

        Assert.IsTrue(h.Services.GetRequiredService<ActivityRegistry>().TryGet("Agent.ApplyKnownFix", out var registered));
        var d = registered.Descriptor;
        Assert.AreEqual("Self-modification", d.Category);
        CollectionAssert.AreEqual(new[] { "worktree", "plan" }, d.Inputs.Select(i => i.Name).ToList());
        CollectionAssert.AreEqual(new[] { "results" }, d.Outputs.Select(o => o.Name).ToList());
        CollectionAssert.AreEqual(new[] { "Done", "Failed" }, d.Ports.Select(p => p.Name).ToList());
    }
}
