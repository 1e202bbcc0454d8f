using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Validation;

/// <summary>Each task type's proof that a change closed its gap, and what makes a change unmeasurable.</summary>
[TestClass]
public sealed class GapClosureTests
{
    private static readonly Measurement Base = new()
    {
        TestsPassed = 4, TestsFailed = 1, TestsTotal = 5, FailingTests = ["CalcTests.Max"], PassingTests = ["CalcTests.Add", "CalcTests.Sub", "CalcTests.Mul", "CalcTests.Div"],
        Metrics = new Dictionary<string, double> { [MetricCatalog.TodoCount] = 2, [MetricCatalog.DocsPublicApiPercent] = 50 },
    };

    public static Gap FailingTestGap(string test) => NewGap(TaskTypes.FixFailingTest, test, MetricCatalog.TestsFailed);

    private static Gap NewGap(string taskType, string subject, string metric, params string[] files) => new()
    {
        Key = $"{taskType}:{subject}", TaskType = taskType, GoalId = "g", GoalTitle = "goal", Metric = metric, Target = $"{metric} goal",
        Subject = subject, Files = files, Summary = $"{taskType} {subject}",
    };

    private static WorktreeDiff Diff(params string[] paths) =>
        new([.. paths.Select(p => new FileChange(p, null, FileChangeKind.Modified, 1, 1, false) { Before = "// a", After = "// b" })], "");

    [TestMethod]
    public void A_failing_test_gap_is_closed_only_when_that_test_passes_after_the_change()
    {
        var gap = FailingTestGap("CalcTests.Max");
        var fixedIt = Base with { TestsPassed = 5, TestsFailed = 0, FailingTests = [], PassingTests = [.. Base.PassingTests, "CalcTests.Max"] };
        var otherFixed = Base with { FailingTests = ["CalcTests.Max"] };
        var vanished = Base with { TestsTotal = 4, TestsFailed = 0, FailingTests = [] };
        var notRun = Base with { TestsMeasured = false, TestsUnknownReason = "dotnet: the runner refused" };

        Assert.IsTrue(GapClosure.Check(gap, Base, fixedIt).Closed);
        Assert.AreEqual("the test 'CalcTests.Max' still fails", GapClosure.Check(gap, Base, otherFixed).Evidence);
        StringAssert.Contains(GapClosure.Check(gap, Base, vanished).Evidence, "no longer exists");
        Assert.IsFalse(GapClosure.Check(gap, Base, vanished).Closed, "a deleted test is not a fixed test");
        StringAssert.Contains(GapClosure.Check(gap, Base, notRun).Evidence, "the runner refused");
    }

    [TestMethod]
    public void A_build_gap_needs_a_succeeding_build_and_a_warning_gap_needs_that_warning_gone()
    {
        var error = new BuildDiagnostic("error", "NU1101", "Unable to find package Foo", null, null);
        var broken = Base with { BuildSucceeded = false, Diagnostics = [error], TestsMeasured = false };
        var build = NewGap(TaskTypes.FixBuild, "", MetricCatalog.BuildSucceeded);
        Assert.AreEqual("the build still fails: NU1101 Unable to find package Foo", GapClosure.Check(build, broken, broken).Evidence);
        Assert.IsTrue(GapClosure.Check(build, broken, Base).Closed);

        var warning = new BuildDiagnostic("warning", "CS0219", "unused x", "src/A.cs", 3);
        var gap = NewGap(TaskTypes.RemoveWarning, "CS0219@src/A.cs:unused x", MetricCatalog.BuildWarnings, "src/A.cs") with { Diagnostic = warning };
        var withWarning = Base with { Warnings = 1, Diagnostics = [warning with { Line = 4 }] };
        Assert.IsFalse(GapClosure.Check(gap, Base with { Warnings = 1, Diagnostics = [warning] }, withWarning).Closed, "a moved line is the same warning");
        Assert.IsTrue(GapClosure.Check(gap, withWarning, Base with { Warnings = 0 }).Closed);
    }

    [TestMethod]
    public void Docs_todo_tests_and_dependency_gaps_are_measured_by_their_own_figures()
    {
        var docs = NewGap(TaskTypes.DocumentApi, "src/A.cs", MetricCatalog.DocsPublicApiPercent, "src/A.cs");
        var undocumented = Base with { UndocumentedMembers = [new UndocumentedMember("A.Run()", "src/A.cs", 3)] };
        Assert.IsFalse(GapClosure.Check(docs, undocumented, undocumented).Closed);
        Assert.IsTrue(GapClosure.Check(docs, undocumented, Base with { Metrics = new Dictionary<string, double> { [MetricCatalog.DocsPublicApiPercent] = 75 } }).Closed);

        var todo = NewGap(TaskTypes.RemoveTodo, "src/A.cs", MetricCatalog.TodoCount, "src/A.cs");
        var marked = Base with { Todos = [new TodoMarker("src/A.cs", 7, "// TODO: handle zero")] };
        var moved = Base with { Todos = [new TodoMarker("src/B.cs", 1, "// TODO: handle zero")], Metrics = new Dictionary<string, double> { [MetricCatalog.TodoCount] = 1 } };
        Assert.IsFalse(GapClosure.Check(todo, marked, moved).Closed, "a marker moved to another file is not resolved");
        Assert.IsTrue(GapClosure.Check(todo, marked, Base with { Metrics = new Dictionary<string, double> { [MetricCatalog.TodoCount] = 1 } }).Closed);

        var tests = NewGap(TaskTypes.AddTests, MetricCatalog.TestsTotal, MetricCatalog.TestsTotal);
        var more = Base with { TestsTotal = 6, TestsPassed = 5, PassingTests = [.. Base.PassingTests, "CalcTests.Neg"] };
        Assert.IsTrue(GapClosure.Check(tests, Base, more).Closed);
        Assert.IsFalse(GapClosure.Check(tests, Base, more with { FailingTests = ["CalcTests.Max", "CalcTests.Pow"] }).Closed, "a new failing test is not an added test");

        var deps = NewGap(TaskTypes.UpdateDependency, MetricCatalog.DepsOutdated, MetricCatalog.DepsOutdated);
        var outdated = Base with { OutdatedPackages = ["Foo 1.0 → 2.0"], Metrics = new Dictionary<string, double> { [MetricCatalog.DepsOutdated] = 1, [MetricCatalog.DepsVulnerable] = 0 } };
        var updated = Base with { Metrics = new Dictionary<string, double> { [MetricCatalog.DepsOutdated] = 0, [MetricCatalog.DepsVulnerable] = 0 } };
        Assert.IsTrue(GapClosure.Check(deps, outdated, updated).Closed);
        Assert.IsFalse(GapClosure.Check(deps, outdated, outdated).Closed);
    }

    [TestMethod]
    public void An_empty_change_is_rejected_as_no_change_and_an_unrelated_one_because_the_gap_is_still_open()
    {
        var gates = new ValidationGates(Options.Create(new ValidationOptions()));
        var gap = FailingTestGap("CalcTests.Max");

        var empty = gates.Evaluate(gap, Base, Base, Diff());
        Assert.IsFalse(empty.Passed);
        StringAssert.StartsWith(empty.Failures[0], "has-change: no change");

        var unrelated = gates.Evaluate(gap, Base, Base, Diff("README.md"));
        Assert.IsFalse(unrelated.Passed);
        CollectionAssert.Contains(unrelated.Failures.ToList(), "gap-closed: the gap 'fix-failing-test:CalcTests.Max' is still open: the test 'CalcTests.Max' still fails.");
        Assert.IsTrue(unrelated.Failures.Any(f => f.StartsWith("improvement-above-threshold:", StringComparison.Ordinal)), "a score of 0 is not above the threshold");
    }

    [TestMethod]
    public void The_score_threshold_is_configurable_and_strict()
    {
        var gap = FailingTestGap("CalcTests.Max");
        var fixedIt = Base with { TestsPassed = 5, TestsFailed = 0, FailingTests = [], PassingTests = [.. Base.PassingTests, "CalcTests.Max"] };
        Assert.IsTrue(new ValidationGates(Options.Create(new ValidationOptions())).Evaluate(gap, Base, fixedIt, Diff("src/Calc.cs")).Passed);
        var strict = new ValidationGates(Options.Create(new ValidationOptions { MinImprovementScore = 11 })).Evaluate(gap, Base, fixedIt, Diff("src/Calc.cs"));
        Assert.AreEqual(11, strict.ImprovementScore);
        Assert.IsFalse(strict.Passed, "the score must be above the threshold, not equal to it");
    }

    [TestMethod]
    public void Test_counts_one_side_could_not_read_neither_score_nor_count_as_lost_tests()
    {
        var gates = new ValidationGates(Options.Create(new ValidationOptions()));
        var unread = Base with { TestsMeasured = false, TestsPassed = 0, TestsFailed = 0, TestsTotal = 0, FailingTests = [], PassingTests = [] };
        var result = gates.Evaluate(NewGap(TaskTypes.RemoveTodo, "src/A.cs", MetricCatalog.TodoCount, "src/A.cs"), Base, unread, Diff("src/A.cs"));

        Assert.IsTrue(result.Gates.Single(g => g.Gate == GateNames.NoTestRemoved).Passed, "zero read tests are not 5 lost tests");
        Assert.IsFalse(result.Gates.Single(g => g.Gate == GateNames.TestsStillRun).Passed);
        Assert.AreEqual(0, ImprovementScore.Compute(Base, unread, new Dictionary<string, double>()));
    }

    [TestMethod]
    public void A_measurement_that_fails_for_reasons_the_change_did_not_cause_makes_the_change_unmeasurable()
    {
        var measurability = new ChangeMeasurability(Options.Create(new ValidationOptions()));
        var gap = FailingTestGap("CalcTests.Max");
        var refused = Base with { TestsMeasured = false, TestsUnknownReason = "dotnet: global.json defines test runner to be Microsoft.Testing.Platform" };
        var none = Base with { TestsTotal = 0, TestsPassed = 0, TestsFailed = 0, FailingTests = [], PassingTests = [] };
        var broken = Base with { BuildSucceeded = false, TestsMeasured = false, Diagnostics = [new BuildDiagnostic("error", "NU1101", "Unable to find package Foo", null, null)] };

        StringAssert.Contains(measurability.WhyNotMeasurable(gap, Base, refused, Diff("src/Calc.cs")), "Microsoft.Testing.Platform");
        Assert.IsNull(measurability.WhyNotMeasurable(gap, Base, refused, Diff("src/Calc.csproj")), "a change to the project owns its test run: the gates judge it");
        Assert.AreEqual("no tests were discovered after the change, 5 before", measurability.WhyNotMeasurable(gap, Base, none, Diff("src/Calc.cs")));
        StringAssert.Contains(measurability.WhyNotMeasurable(NewGap(TaskTypes.RemoveTodo, "a", MetricCatalog.TodoCount), broken, broken, Diff("src/Calc.cs")), "fails before and after");
        Assert.IsNull(measurability.WhyNotMeasurable(NewGap(TaskTypes.FixBuild, "", MetricCatalog.BuildSucceeded), broken, broken, Diff("src/Calc.cs")),
            "for a build gap the failing build is the measurement");
        Assert.IsNull(measurability.WhyNotMeasurable(gap, Base, Base with { BuildSucceeded = false, TestsMeasured = false }, Diff("src/Calc.cs")),
            "a build the change broke is the change's fault");
        Assert.IsNull(measurability.WhyNotMeasurable(gap, Base, Base, Diff("src/Calc.cs")));
    }

    [TestMethod]
    public void A_runner_read_by_exit_code_only_is_judged_by_its_suite()
    {
        static Measurement Suite(bool? passed) => new()
        {
            TestsMeasured = false, TestsUnknownReason = "karma: the agent cannot read its results; measured by exit code only",
            Metrics = passed is { } p ? new Dictionary<string, double> { [MetricCatalog.TestsSuitePassed] = p ? 1 : 0 } : new Dictionary<string, double>(),
        };
        var gap = NewGap(TaskTypes.FixFailingTest, Gap.WholeTestSuite, MetricCatalog.TestsSuitePassed);
        var gates = new ValidationGates(Options.Create(new ValidationOptions()));
        var measurability = new ChangeMeasurability(Options.Create(new ValidationOptions()));

        var fixedIt = gates.Evaluate(gap, Suite(false), Suite(true), Diff("src/app.js"));
        Assert.IsTrue(fixedIt.Passed, string.Join("; ", fixedIt.Failures));
        Assert.AreEqual(10, fixedIt.ImprovementScore);
        Assert.IsNull(measurability.WhyNotMeasurable(gap, Suite(false), Suite(true), Diff("src/app.js")), "the exit codes compare");
        Assert.AreEqual("the test suite still fails (its command exits non-zero)", GapClosure.Check(gap, Suite(false), Suite(false)).Evidence);

        var todo = NewGap(TaskTypes.RemoveTodo, "src/app.js", MetricCatalog.TodoCount, "src/app.js");
        CollectionAssert.Contains(gates.Evaluate(todo, Suite(true), Suite(false), Diff("src/app.js")).Failures.ToList(),
            "no-new-failing-test: the test suite passed before the change and fails after it (its command's exit code).");
        StringAssert.StartsWith(measurability.WhyNotMeasurable(todo, Suite(true), Suite(null), Diff("src/app.js")), "the test suite could not be run after the change");
    }

    [TestMethod]
    public void A_snapshot_whose_build_failed_reads_as_a_failed_build_with_unmeasured_tests_never_as_zero_tests()
    {
        var snapshot = new MeasurementSnapshot { TargetPath = "/r" };
        snapshot.Metrics[MetricCatalog.BuildSucceeded] = 0;
        snapshot.Unknown[MetricCatalog.TestsTotal] = "dotnet: the build failed, so the tests could not run";
        var m = Measurement.From(snapshot);

        Assert.IsTrue(m.BuildFailed);
        Assert.IsFalse(m.TestsMeasured);
        Assert.AreEqual("build fails (0 error(s)), tests not run", m.Describe());
        var none = Measurement.From(new MeasurementSnapshot { TargetPath = "/r", Unknown = { [MetricCatalog.BuildSucceeded] = AssessmentService.NoBuildReason } });
        Assert.IsNull(none.BuildProblem, "no build at all is not a problem");
        Assert.IsFalse(none.HasBuild);
    }
}
