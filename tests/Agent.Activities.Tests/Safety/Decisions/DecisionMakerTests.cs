using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Decisions;

[TestClass]
public sealed class DecisionMakerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class Fixed(string principle, PrincipleResult result) : IPrincipleChecker
    {
        public string Principle => principle;
        public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken) => Task.FromResult(result);
    }

    private sealed class Broken : IPrincipleChecker
    {
        public string Principle => "broken";
        public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken) => throw new IOException("disk gone");
    }

    private static DecisionSubject Subject(string cycle = "cycle-1") => new() { Kind = DecisionKinds.Merge, CycleId = cycle, Subject = "gap-a (agent/x → main)", TargetRepository = "/repos/t" };

    [TestMethod]
    public async Task Deny_wins_over_escalate_which_wins_over_allow_and_the_record_is_stored_and_published_once()
    {
        var folder = TempFolder.Create("decisions");
        try
        {
            var store = new DecisionStore(Path.Combine(folder, "agent.db"));
            var sink = new RecordingSink();
            var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
            DecisionMaker Maker(params IPrincipleChecker[] checkers) => new(checkers, store, sink, clock);
            var pass = new Fixed("a", PrincipleResult.Pass("a", "fine"));
            var escalate = new Fixed("b", PrincipleResult.Fail("b", DecisionOutcome.Escalate, "worse docs"));
            var deny = new Fixed("c", PrincipleResult.Fail("c", DecisionOutcome.Deny, "a secret"));

            Assert.AreEqual(DecisionOutcome.Allow, (await Maker(pass).DecideAsync(Subject("c-allow"), None)).Outcome);
            Assert.AreEqual(DecisionOutcome.Escalate, (await Maker(pass, escalate).DecideAsync(Subject("c-escalate"), None)).Outcome);
            Assert.AreEqual(DecisionOutcome.Escalate, (await Maker(pass, new Broken()).DecideAsync(Subject("c-broken"), None)).Outcome);
            var denied = await Maker(pass, escalate, deny).DecideAsync(Subject(), None);

            Assert.AreEqual(DecisionOutcome.Deny, denied.Outcome);
            CollectionAssert.AreEqual(new[] { "b fails: worse docs", "c fails: a secret" }, denied.Reasons.ToList());
            var stored = (await store.ForCycleAsync("cycle-1", None)).Single();
            Assert.AreEqual(denied.Id, stored.Id);
            Assert.AreEqual(3, stored.Principles.Count);
            Assert.AreEqual(PrincipleOutcome.Fail, stored.Principles[2].Outcome);
            Assert.AreEqual("a secret", stored.Principles[2].Evidence.Single());
            Assert.AreEqual(clock.GetUtcNow(), stored.At);
            var broken = (await store.ForCycleAsync("c-broken", None)).Single();
            Assert.AreEqual("broken is unknown: the check could not run: disk gone", broken.Reasons.Single());

            var published = sink.Events.Last();
            Assert.AreEqual(SafetyEventKinds.Decision, published.Kind);
            Assert.AreEqual("deny", published.Data["outcome"]);
            Assert.AreEqual("cycle-1", published.Data["cycleId"]);
            Assert.AreEqual("a=pass, b=fail, c=fail", published.Data["principles"]);
            Assert.AreEqual("merge gap-a (agent/x → main): deny (b fails: worse docs)", published.Summary);

            // Validate re-run after a crash: same decision, same record, no second event.
            var again = await Maker(pass, escalate, deny).DecideAsync(Subject(), None);
            Assert.AreEqual(denied.Id, again.Id);
            Assert.AreEqual(4, sink.Events.Count);
            Assert.AreEqual(4, (await store.RecentAsync(10, null, None)).Count);
            Assert.AreEqual("cycle-1", (await store.RecentAsync(10, DecisionOutcome.Deny, None)).Single().CycleId);
        }
        finally { TempFolder.Delete(folder); }
    }

    private const string Goals = """
        goals:
          - id: tests-pass
            title: All tests pass
            targets:
              - metric: tests.failed
                max: 0
          - id: documented
            title: The public API is documented
            targets:
              - metric: docs.public_api_percent
                min: 100
        """;

    private static Gap Gap(string goal = "tests-pass", string metric = MetricCatalog.TestsFailed) => new()
    {
        Key = "fix-failing-test:CalcTests.Adds", TaskType = TaskTypes.FixFailingTest, GoalId = goal, GoalTitle = "All tests pass", Metric = metric,
        Target = "tests.failed ≤ 0", Summary = "CalcTests.Adds fails",
    };

    [TestMethod]
    public async Task A_change_that_fixes_its_goal_but_makes_another_goal_worse_escalates_or_is_denied_per_option()
    {
        using var repo = new ChangedRepository(("agent.goals.yaml", Goals));
        var subject = new DecisionSubject
        {
            Kind = DecisionKinds.Merge, CycleId = "c", Subject = "s", TargetRepository = repo.Root, Gap = Gap(),
            MetricsBefore = new Dictionary<string, double> { [MetricCatalog.TestsFailed] = 1, [MetricCatalog.DocsPublicApiPercent] = 80 },
            MetricsAfter = new Dictionary<string, double> { [MetricCatalog.TestsFailed] = 0, [MetricCatalog.DocsPublicApiPercent] = 70 },
        };

        var escalated = await new WithinGoalsChecker(new GoalsFileReader(), Options.Create(new DecisionsOptions())).CheckAsync(subject, None);
        Assert.AreEqual(PrincipleOutcome.Fail, escalated.Outcome);
        Assert.AreEqual(DecisionOutcome.Escalate, escalated.OnFail);
        CollectionAssert.AreEqual(new[]
        {
            "gap 'fix-failing-test:CalcTests.Adds' serves goal 'tests-pass' (All tests pass) via tests.failed ≤ 0",
            "goal 'documented' regresses: docs.public_api_percent 80 → 70 (target docs.public_api_percent ≥ 100)",
        }, escalated.Evidence.ToList());
        var denied = await new WithinGoalsChecker(new GoalsFileReader(), Options.Create(new DecisionsOptions { GoalRegression = DecisionOutcome.Deny })).CheckAsync(subject, None);
        Assert.AreEqual(DecisionOutcome.Deny, denied.OnFail);

        var improved = subject with { MetricsAfter = new Dictionary<string, double> { [MetricCatalog.TestsFailed] = 0, [MetricCatalog.DocsPublicApiPercent] = 80 } };
        Assert.AreEqual(PrincipleOutcome.Pass, (await new WithinGoalsChecker(new GoalsFileReader(), Options.Create(new DecisionsOptions())).CheckAsync(improved, None)).Outcome);

        var offGoal = subject with { Gap = Gap("coverage", MetricCatalog.CoverageLinePercent) };
        var result = await new WithinGoalsChecker(new GoalsFileReader(), Options.Create(new DecisionsOptions())).CheckAsync(offGoal, None);
        Assert.AreEqual(PrincipleOutcome.Fail, result.Outcome);
        StringAssert.Contains(result.Evidence[0], "serves no declared goal");
    }

    [TestMethod]
    public void Goals_whose_unmet_metrics_did_not_move_in_N_cycles_are_stale()
    {
        var tree = new GoalsFileReader().Parse(Goals, "agent.goals.yaml");
        Agent.Activities.Assessment.MeasurementSnapshot Snapshot(double failed, double docs) => new()
        {
            TargetPath = "/t", Metrics = new(StringComparer.Ordinal) { [MetricCatalog.TestsFailed] = failed, [MetricCatalog.DocsPublicApiPercent] = docs },
        };
        var recent = new[] { Snapshot(0, 70), Snapshot(1, 70), Snapshot(2, 70) };

        var stale = GoalStaleness.Find(tree, recent, 3);

        // tests-pass is met now; documented is missed and stuck at 70 for 3 cycles.
        Assert.AreEqual("goal 'documented' has not moved in 3 cycles: docs.public_api_percent stuck at 70 (target docs.public_api_percent ≥ 100)", stale.Single().ToString());
        Assert.AreEqual(0, GoalStaleness.Find(tree, recent, 4).Count, "fewer snapshots than cycles: nothing is flagged");
        Assert.AreEqual(0, GoalStaleness.Find(tree, [Snapshot(1, 70), Snapshot(1, 71), Snapshot(1, 70)], 3).Count(g => g.GoalId == "documented"));
    }
}
