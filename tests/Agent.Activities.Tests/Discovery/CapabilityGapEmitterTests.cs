using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Analysis;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Discovery;

[TestClass]
public sealed class CapabilityGapEmitterTests
{
    public TestContext TestContext { get; set; } = null!;

    private static CapabilityGapEmitter Emitter(bool emit)
    {
        var options = Options.Create(new DiscoveryOptions { EmitCapabilityGaps = emit, TaxonomyPath = Path.Combine(AgentRepository.Root, CapabilityTaxonomy.FileName) });
        var analyzer = new CapabilityGapAnalyzer([new GoalNeedSource(new GoalsFileReader())], CapabilityStoreTests.NewStore(out _), new CapabilityTaxonomyProvider(options));
        return new CapabilityGapEmitter(analyzer, options);
    }

    private static string Target()
    {
        var folder = TempFolder.Create("discovery-emit");
        File.WriteAllText(Path.Combine(folder, GoalTree.FileName), """
            goals:
              - id: informed
                title: Research before changing
                targets: [{ metric: tests.failed, max: 0 }]
                needs: [web.search, filesystem.read]
            """);
        return folder;
    }

    [TestMethod]
    public async Task Off_by_default_nothing_is_emitted()
    {
        Assert.IsEmpty(await Emitter(emit: false).GapsAsync(Target(), TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task When_on_each_unmet_need_with_evidence_becomes_an_add_capability_gap_scaled_to_the_cycle()
    {
        var gaps = await Emitter(emit: true).GapsAsync(Target(), TestContext.CancellationToken);

        var gap = gaps.Single(); // filesystem.read is built in, so only web.search is missing
        Assert.AreEqual("add-capability:web.search", gap.Key);
        Assert.AreEqual(TaskTypes.AddCapability, gap.TaskType);
        Assert.AreEqual("informed", gap.GoalId);
        Assert.AreEqual("Add the capability web.search", gap.Title);
        Assert.AreEqual(0.3, gap.Impact, 1e-9, "one goal (impact 3) × 0.1");
        // web.search: secrets (2) + 10 MB (0.1) + low risk (0) + 1 = 3.1
        Assert.AreEqual(3.1, gap.ExpectedCost, 1e-9);
        Assert.AreEqual(0.3 * 0.5 / 3.1, gap.Priority, 1e-9);
        Assert.IsTrue(gap.Advice.Any(a => a.Contains("goal 'informed'")), string.Join("; ", gap.Advice));
        Assert.IsTrue(gap.Priority < GapEstimates.For(TaskTypes.FixFailingTest).Impact * GapEstimates.For(TaskTypes.FixFailingTest).Confidence,
            "a capability gap of one goal ranks below a failing test");
    }

    [TestMethod]
    public void Merged_capability_gaps_are_ranked_among_the_cycle_s_gaps_by_priority()
    {
        Gap Cycle(string key, double priority) => new()
        {
            Key = key, TaskType = TaskTypes.RemoveTodo, GoalId = "g", GoalTitle = "g", Metric = "todo.count", Target = "todo.count ≤ 0", Summary = key, Priority = priority,
        };
        var queue = new GapQueue([Cycle("high", 0.8), Cycle("low", 0.01)], []);
        var capability = CapabilityGapEmitter.ToGap(new CapabilityGap("web.search", "Search", [new("web.search", NeedOrigin.Goal, "g", "goal g")], 1, 0, 0, 3, 3.1, 3 / 3.1, ["r", "p"]));

        var merged = CapabilityGapEmitter.Merge(queue, [capability]);

        CollectionAssert.AreEqual(new[] { "high", "add-capability:web.search", "low" }, merged.Ranked.Select(g => g.Key).ToList());
        Assert.AreSame(queue, CapabilityGapEmitter.Merge(queue, []));
    }
}
