using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Planning;
using Agent.Activities.Research;
using Agent.Activities.SelfModification.CodeFixes;
using Agent.Activities.Tests.Learning;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Planning;

/// <summary>Plan chooses the deterministic mode for a warning with a known fix, unless the real learning system ruled the fix out.</summary>
[TestClass]
public sealed class KnownFixPlanningTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static readonly KnownCodeFixes Fixes = new([new UnusedAssignedLocalFix(), new UnusedDeclaredLocalFix()]);

    private static PlanService Service(KnownFixChooser? chooser) =>
        new(Options.Create(new PlanOptions { TemplatesDirectory = Path.Combine(AgentRepository.Root, "prompts") }), chooser);

    private static Gap Warning(string code, string file = "src/Calculator/Arithmetic.cs", int? line = 15, string taskType = TaskTypes.RemoveWarning) => new()
    {
        Key = $"{taskType}:{code}@{file}:m",
        TaskType = taskType,
        GoalId = "builds-clean",
        GoalTitle = "The build is clean",
        Metric = "build.warnings",
        Target = "build.warnings ≤ 0",
        Current = 1,
        Subject = $"{code}@{file}:m",
        Files = [file],
        Summary = $"Warning {code} in {file}",
        Diagnostic = new BuildDiagnostic("warning", code, "The variable 'unused' is assigned but its value is never used", file, line),
        ExpectedCost = 1,
    };

    private Task<TaskPlan> PlanAsync(PlanService service, Gap gap) =>
        service.PlanAsync([new PlanInput(gap, new ResearchContext(gap.Key, [], [], []))], Token);

    [TestMethod]
    public async Task A_warning_with_a_known_fix_is_planned_deterministic_with_its_diagnostic_and_still_gets_a_prompt()
    {
        await using var kb = new KnowledgeSandbox();

        var plan = await PlanAsync(Service(new KnownFixChooser(Fixes, kb.Advisor)), Warning("CS0219"));

        Assert.AreEqual(ExecutionModes.Deterministic, plan.Mode);
        Assert.AreEqual(new CodeFixTarget("CS0219", "src/Calculator/Arithmetic.cs", 15, "The variable 'unused' is assigned but its value is never used"), plan.Fix);
        Assert.Contains("CS0219", plan.Prompt, "the prompt is planned too, so a definition can route the task to Claude Code");
    }

    [TestMethod]
    public async Task A_known_fix_that_failed_three_times_is_an_anti_pattern_and_the_warning_goes_to_the_model()
    {
        await using var kb = new KnowledgeSandbox();
        var service = Service(new KnownFixChooser(Fixes, kb.Advisor));
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(ExecutionModes.Deterministic, (await PlanAsync(service, Warning("CS0219"))).Mode, $"still chosen after {i} failure(s)");
            await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt(TaskTypes.RemoveWarning, ExperienceOutcome.Failed, KnownCodeFixes.ApproachName("CS0219")), Token);
        }

        var plan = await PlanAsync(service, Warning("CS0219"));
        var other = await PlanAsync(service, Warning("CS0168"));

        Assert.AreEqual(ExecutionModes.Simple, plan.Mode);
        Assert.IsNull(plan.Fix);
        Assert.AreEqual(ExecutionModes.Deterministic, other.Mode, "only the failing fix is ruled out");
    }

    [TestMethod]
    public async Task Warnings_without_a_known_fix_or_without_a_line_and_other_task_types_are_not_deterministic()
    {
        var service = Service(new KnownFixChooser(Fixes));

        Assert.AreEqual(ExecutionModes.Simple, (await PlanAsync(service, Warning("CS1591"))).Mode);
        Assert.AreEqual(ExecutionModes.Simple, (await PlanAsync(service, Warning("CS0219", line: null))).Mode);
        Assert.AreEqual(ExecutionModes.Simple, (await PlanAsync(service, Warning("CS0219", taskType: TaskTypes.FixBuild))).Mode);
        Assert.AreEqual(ExecutionModes.Simple, (await PlanAsync(Service(null), Warning("CS0219"))).Mode, "a planner without known fixes plans as before");
        Assert.AreEqual(ExecutionModes.Deterministic, (await PlanAsync(service, Warning("CS0219"))).Mode, "without a learning system nothing rules a fix out");
    }
}
