using Agent.Activities.Assessment;
using Agent.Activities.Goals;
using Microsoft.Extensions.DependencyInjection;
using Agent.Activities.Tests.Claude;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Cycle;

/// <summary>
/// Assess → FindGaps → Research → Plan → ClaudeExecute on a copy of a sample, in the real engine, with the real Claude
/// CLI replaying the rehearsal script, then a measurement of the work tree: the script's edit must really fix the
/// sample's failing test.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class RehearsalCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("node-strings", "rehearsal-fix-failing-test-node.json", "fix-failing-test:wordCount ignores repeated spaces", "src/strings.js")]
    [DataRow("dotnet-calculator", "rehearsal-fix-failing-test-dotnet.json", "fix-failing-test:Calculator.Tests.ArithmeticTests.Max_returns_the_larger_value", "src/Calculator/Arithmetic.cs")]
    public async Task The_rehearsal_script_fixes_the_sample_s_failing_test_through_the_planned_prompt(string sample, string script, string gapKey, string fixedFile)
    {
        using var repo = SampleRepository.Create(sample);
        var scriptJson = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Scripts", script), TestContext.CancellationToken);
        await using var h = await CycleWorkflowHarness.StartAsync(scriptJson, TestContext.CancellationToken);
        var definition = Wf.Flowchart(
            [
                Wf.Start(),
                Wf.Activity("assess", "Agent.AssessState", ("targetPath", Wf.Lit(repo.Path))),
                Wf.Activity("gaps", "Agent.FindGaps", ("snapshotId", Wf.Js("getOutputFrom('assess', 'snapshotId')", "Int64"))),
                Wf.Activity("research", "Agent.Research",
                    ("gap", Wf.Js("getOutputFrom('gaps', 'topGap')")), ("snapshotId", Wf.Js("getOutputFrom('assess', 'snapshotId')", "Int64"))),
                Wf.Activity("plan", "Agent.Plan", ("gap", Wf.Js("getOutputFrom('gaps', 'topGap')")), ("research", Wf.Js("getOutputFrom('research', 'context')"))),
                Wf.Activity("exec", "Agent.ClaudeExecute",
                    ("prompt", Wf.Js("getOutputFrom('plan', 'prompt')", "String")),
                    ("mode", Wf.Js("getOutputFrom('plan', 'mode')", "String")),
                    ("cwd", Wf.Lit(repo.Path)),
                    ("permissionMode", Wf.Lit("acceptEdits")),
                    ("environment", Wf.Lit($$"""{"HOME": "{{h.Home}}"}""", "ObjectMap"))),
                Wf.WriteLine("none", "'no gaps'"),
            ],
            [
                Wf.Connect("start", "assess"), Wf.Connect("assess", "gaps"), Wf.Connect("gaps", "research", "Found"), Wf.Connect("gaps", "none", "None"),
                Wf.Connect("research", "plan"), Wf.Connect("plan", "exec"),
            ]);

        var instance = await h.RunAsync(definition, TestContext.CancellationToken);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
        var outputs = instance.State.ActivityOutputs;
        var top = (Dictionary<string, object?>)outputs["gaps"]["topGap"]!;
        Assert.AreEqual(gapKey, top["key"]);
        var context = (Dictionary<string, object?>)outputs["research"]["context"]!;
        var files = ((List<object?>)context["files"]!).Cast<Dictionary<string, object?>>().Select(f => (string)f["path"]!).ToList();
        CollectionAssert.Contains(files, fixedFile, "research found the code under test");
        Assert.AreEqual("simple", outputs["plan"]["mode"]);
        var before = (Dictionary<string, object?>)outputs["assess"]["metrics"]!;
        // AssessState measures the committed HEAD; the edit is in the work tree, so it is measured there.
        var after = (await h.Services.GetRequiredService<AssessmentService>().MeasureAsync(repo.Path, null, TestContext.CancellationToken)).Metrics;
        Assert.AreEqual(1.0, Convert.ToDouble(before[MetricCatalog.TestsFailed]));
        Assert.AreEqual(0.0, Convert.ToDouble(after[MetricCatalog.TestsFailed]), "the scripted edit fixed the test");
        Assert.AreEqual(Convert.ToDouble(before[MetricCatalog.TestsTotal]), Convert.ToDouble(after[MetricCatalog.TestsTotal]), "no test was removed");
        Assert.Contains(fixedFile, TestGit.Run(repo.Path, "status", "--porcelain"));
        // The model was asked with the planned prompt, which carries the failing test's name.
        Assert.Contains(((string)top["subject"]!).Split('.')[^1], h.Server.Log.MessagesRequests[0].Body!.Value.GetRawText());
    }
}
