using Agent.Activities.Tests.Claude;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Cycle;

/// <summary>The cycle's activities in the real engine: their descriptors, and bad input faulting with a clear message.</summary>
[TestClass]
public sealed class CycleActivitiesTests
{
    private const string UnusedScript = """{ "rules": [ { "respond": { "text": "unused" } } ] }""";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("Agent.AssessState", "targetPath", "snapshot,snapshotId,metrics,kpis", "Done")]
    [DataRow("Agent.FindGaps", "snapshotId", "gaps,topGap,parked,goalsSource", "Found,None")]
    [DataRow("Agent.Research", "gap,snapshotId", "context", "Done")]
    [DataRow("Agent.Plan", "gap,research", "result,prompt,prompts,mode", "Done")]
    [DataRow("Agent.RecordGapOutcome", "targetPath,gapKey,succeeded,cycleId", "failures", "Recorded,Parked")]
    public async Task Each_activity_has_a_descriptor_with_its_category_inputs_outputs_and_ports(string type, string inputs, string outputs, string ports)
    {
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);

        Assert.IsTrue(h.Services.GetRequiredService<ActivityRegistry>().TryGet(type, out var registered), type);
        var d = registered.Descriptor;
        Assert.AreEqual("Improvement cycle", d.Category);
        CollectionAssert.AreEquivalent(inputs.Split(','), d.Inputs.Select(i => i.Name).ToList());
        CollectionAssert.AreEquivalent(outputs.Split(','), d.Outputs.Select(o => o.Name).ToList());
        CollectionAssert.AreEqual(ports.Split(','), d.Ports.Select(p => p.Name).ToList());
    }

    [TestMethod]
    public async Task AssessState_on_a_folder_that_is_not_a_git_repository_faults_with_what_to_do()
    {
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);
        var plain = SampleRepository.CreatePlainFolder();

        var instance = await h.RunAsync(Wf.Flowchart(
            [Wf.Start(), Wf.Activity("assess", "Agent.AssessState", ("targetPath", Wf.Lit(plain)))],
            [Wf.Connect("start", "assess")]), TestContext.CancellationToken);

        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        var message = instance.State.Incidents.Single().Message;
        Assert.Contains($"assess: The target '{plain}' is not a git repository", message);
        Assert.Contains("git init", message);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task FindGaps_with_an_unknown_metric_in_the_goals_file_faults_naming_the_file_and_line()
    {
        using var sample = SampleRepository.Create("node-strings");
        var goalsFile = Path.Combine(sample.Path, "agent.goals.yaml");
        await File.WriteAllTextAsync(goalsFile, "goals:\n  - id: fast\n    targets:\n      - metric: tests.seconds\n        max: 1\n", TestContext.CancellationToken);
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);

        var instance = await h.RunAsync(Wf.Flowchart(
            [
                Wf.Start(),
                Wf.Activity("assess", "Agent.AssessState", ("targetPath", Wf.Lit(sample.Path))),
                Wf.Activity("gaps", "Agent.FindGaps", ("snapshotId", Wf.Js("getOutputFrom('assess', 'snapshotId')", "Int64"))),
            ],
            [Wf.Connect("start", "assess"), Wf.Connect("assess", "gaps")]), TestContext.CancellationToken);

        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains($"gaps: {goalsFile}:4: unknown metric 'tests.seconds'. Known metrics:", instance.State.Incidents.Single().Message);
    }

    [TestMethod]
    public async Task RecordGapOutcome_counts_failures_parks_the_gap_at_the_limit_and_a_success_clears_it()
    {
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);
        var target = SampleRepository.CreatePlainFolder();
        string Record(string id, bool succeeded) => Wf.Flowchart(
            [
                Wf.Start(),
                Wf.Activity(id, "Agent.RecordGapOutcome", ("targetPath", Wf.Lit(target)), ("gapKey", Wf.Lit("fix-failing-test:T")),
                    ("succeeded", Wf.Lit(succeeded, "Boolean")), ("cycleId", Wf.Lit("c1"))),
                Wf.WriteLine("recorded", $"'recorded ' + getOutputFrom('{id}', 'failures')"),
                Wf.WriteLine("parked", $"'parked ' + getOutputFrom('{id}', 'failures')"),
            ],
            [Wf.Connect("start", id), Wf.Connect(id, "recorded", "Recorded"), Wf.Connect(id, "parked", "Parked")]);

        var lines = new List<string>();
        foreach (var succeeded in new[] { false, false, true, false, false, false })
            lines.AddRange((await h.RunAsync(Record("record", succeeded), TestContext.CancellationToken)).State.OutputLines);

        // Guards:ParkAfterFailures defaults to 3 (failures in a row).
        CollectionAssert.AreEqual(new[] { "recorded 1", "recorded 2", "recorded 0", "recorded 1", "recorded 2", "parked 3" }, lines);
        var status = await h.Services.GetRequiredService<Agent.Activities.Guards.CycleGuard>().GapAsync(Agent.Activities.Guards.CycleGuard.GapId(target, "fix-failing-test:T"), TestContext.CancellationToken);
        Assert.AreEqual((6, 3, true), (status.Attempts, status.FailuresInARow, status.Parked));
    }

    [TestMethod]
    public async Task Plan_without_a_gap_is_refused_before_it_runs_and_an_empty_gap_faults_saying_which_input_to_bind()
    {
        await using var h = await CycleWorkflowHarness.StartAsync(UnusedScript, TestContext.CancellationToken);

        var refused = await Assert.ThrowsExactlyAsync<Agent.Workflows.Validation.InvalidDefinitionException>(() => h.RunAsync(Wf.Flowchart(
            [Wf.Start(), Wf.Activity("plan", "Agent.Plan")],
            [Wf.Connect("start", "plan")]), TestContext.CancellationToken));
        Assert.Contains("Activity 'plan' (Agent.Plan) needs input 'gap' (A gap from FindGaps); bind it", refused.Message);

        var instance = await h.RunAsync(Wf.Flowchart(
            [Wf.Start(), Wf.Activity("plan", "Agent.Plan", ("gap", Wf.Js("null")), ("research", Wf.Js("({ gapKey: 'g', files: [], errorExcerpts: [], notes: [] })")))],
            [Wf.Connect("start", "plan")]), TestContext.CancellationToken);
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("plan: input 'gap' is empty; bind it to FindGaps' topGap", instance.State.Incidents.Single().Message);
    }
}
