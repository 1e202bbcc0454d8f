using Agent.Activities.Assessment;
using Agent.Activities.Cycle;
using Agent.Activities.CycleStore;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Analysis;
using Agent.Activities.Goals;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Tests.Learning;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Discovery;

[TestClass]
public sealed class CapabilityGapAnalyzerTests
{
    private static readonly CapabilityTaxonomy Taxonomy = CapabilityTaxonomy.Load(Path.Combine(AgentRepository.Root, CapabilityTaxonomy.FileName));

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static string TargetWithGoals(string needs)
    {
        var folder = TempFolder.Create("discovery-gaps");
        File.WriteAllText(Path.Combine(folder, GoalTree.FileName), $"""
            goals:
              - id: research-well
                title: Research with the web
                targets: [{"{"} metric: tests.failed, max: 0 {"}"}]
                needs: {needs}
              - id: remember
                title: Remember across cycles
                targets: [{"{"} metric: tests.failed, max: 0 {"}"}]
                needs: [memory.store, web.search]
            """);
        return folder;
    }

    [TestMethod]
    public async Task Needs_from_goals_and_failed_runs_that_no_tool_provides_become_ranked_gaps_with_evidence()
    {
        await using var kb = new KnowledgeSandbox();
        await kb.Errors.RecordAsync(new ErrorObservation("Error: No such tool available: mcp__search__brave_web_search", "claude"), Token);
        await kb.Errors.RecordAsync(new ErrorObservation("Error: No such tool available: mcp__search__brave_web_search", "claude"), Token);
        await kb.Errors.RecordAsync(new ErrorObservation("I don't have a browser tool to open the page", "claude"), Token);
        await kb.Errors.RecordAsync(new ErrorObservation("error CS0103: The name 'tool' does not exist", "build"), Token);
        var store = CapabilityStoreTests.NewStore(out _);
        await store.RecordAsync(new CapabilityScan(DateTimeOffset.UnixEpoch, null,
            [CapabilityStoreTests.Ok("memory", CapabilityStoreTests.Tool("memory", "create_entities", "{}", "memory.store"))]), Token);
        var analyzer = new CapabilityGapAnalyzer(
            [new GoalNeedSource(new GoalsFileReader()), new KnowledgeNeedSource(kb.Database)],
            store,
            new CapabilityTaxonomyProvider(Options.Create(new DiscoveryOptions { TaxonomyPath = Taxonomy.Source })));

        var report = await analyzer.AnalyzeAsync(TargetWithGoals("[web.search, web.fetch]"), Token);

        CollectionAssert.AreEqual(new[] { "web.search", "web.fetch", "browser" }, report.Gaps.Select(g => g.Capability).ToList(),
            string.Join("\n", report.Gaps.Select(g => $"{g.Capability} {g.Priority}: {string.Join("; ", g.Reasons)}")));
        var search = report.Gaps[0];
        Assert.AreEqual(2, search.Goals);
        Assert.AreEqual(2, search.FailedRuns, "the error was seen twice");
        Assert.AreEqual(8, search.Impact);
        Assert.IsTrue(search.Evidence.Any(e => e.Origin == NeedOrigin.FailedRun && e.Evidence.Contains("No such tool available: mcp__search__brave_web_search")));
        Assert.IsTrue(search.Reasons.Any(r => r.Contains("blocks 2 goal(s): research-well, remember")), string.Join("; ", search.Reasons));
        Assert.IsTrue(search.Reasons.Any(r => r.Contains("secrets")), "web search needs an API key, and the ranking says so");
        Assert.AreEqual(1, report.Gaps[2].FailedRuns);
        CollectionAssert.Contains(report.Provided.ToList(), "memory.store");
        CollectionAssert.Contains(report.Provided.ToList(), "filesystem.write");
        Assert.IsTrue(report.Satisfied.Any(n => n.Capability == "memory.store" && n.Reference == "remember"));
    }

    [TestMethod]
    public async Task A_goal_that_needs_an_unknown_capability_is_a_goals_file_error_on_its_line()
    {
        var analyzer = new CapabilityGapAnalyzer(
            [new GoalNeedSource(new GoalsFileReader())],
            CapabilityStoreTests.NewStore(out _),
            new CapabilityTaxonomyProvider(Options.Create(new DiscoveryOptions { TaxonomyPath = Taxonomy.Source })));

        var error = await Assert.ThrowsExactlyAsync<GoalsFileException>(() => analyzer.AnalyzeAsync(TargetWithGoals("[web.search, teleport]"), Token));

        Assert.AreEqual(5, error.Line);
        Assert.Contains("unknown capability 'teleport'", error.Message);
    }

    [TestMethod]
    public async Task Open_gaps_of_the_latest_snapshot_need_what_their_type_and_research_need()
    {
        var target = TempFolder.Create("discovery-gap-types");
        var snapshots = new SnapshotStore(new CycleDatabase(Options.Create(new CycleOptions { DatabasePath = Path.Combine(target, "cycle.db") }), Options.Create(new Agent.Workflows.Persistence.DatabaseOptions())));
        await snapshots.SaveAsync(new MeasurementSnapshot
        {
            TargetPath = target,
            TakenAt = DateTimeOffset.UnixEpoch,
            Metrics = { [MetricCatalog.TodoCount] = 2 },
            Todos = [new TodoMarker("a.cs", 1, "TODO one"), new TodoMarker("b.cs", 2, "TODO two")],
        }, Token);

        var needs = await new GapTypeNeedSource(snapshots, new GoalsFileReader()).NeedsAsync(target, Taxonomy, Token);

        var research = needs.Where(n => n.Reference == GapTypeNeedSource.ResearchGapType).ToList();
        CollectionAssert.AreEquivalent(new[] { "web.search", "web.fetch" }, research.Select(n => n.Capability).ToList());
        Assert.AreEqual(2, research[0].Weight, "two open gaps, each researched");
        Assert.IsTrue(needs.Any(n => n.Reference == "remove-todo" && n.Capability == "filesystem.write"));
    }

    [TestMethod]
    public async Task Without_a_snapshot_open_gaps_need_nothing()
    {
        var target = TempFolder.Create("discovery-gap-none");
        var snapshots = new SnapshotStore(new CycleDatabase(Options.Create(new CycleOptions { DatabasePath = Path.Combine(target, "cycle.db") }), Options.Create(new Agent.Workflows.Persistence.DatabaseOptions())));

        Assert.IsEmpty(await new GapTypeNeedSource(snapshots, new GoalsFileReader()).NeedsAsync(target, Taxonomy, Token));
    }

    [TestMethod]
    public void Ranking_is_impact_over_cost_and_a_cheap_capability_beats_an_expensive_one_with_the_same_impact()
    {
        CapabilityNeed[] needs =
        [
            new("database.sql", NeedOrigin.Goal, "g1", "goal g1"),
            new("reasoning", NeedOrigin.Goal, "g2", "goal g2"),
            new("web.fetch", NeedOrigin.FailedRun, "error:1", "seen 5×", 5),
        ];

        var ranked = CapabilityGapRanker.Rank(needs, Taxonomy);

        // reasoning: 3 / (1 + 0.05) ≈ 2.86; web.fetch: 5 / (1 + 0.1 + 1) ≈ 2.38; database.sql: 3 / (1 + 2 + 0.15 + 2) ≈ 0.58.
        CollectionAssert.AreEqual(new[] { "reasoning", "web.fetch", "database.sql" }, ranked.Select(g => g.Capability).ToList());
        Assert.AreEqual(3 / 1.05, ranked[0].Priority, 1e-9);
        Assert.AreEqual(5.15, ranked[2].Cost, 1e-9);
        Assert.IsTrue(ranked[2].Reasons.Any(r => r.Contains("risk (high)")), string.Join("; ", ranked[2].Reasons));
    }

    [TestMethod]
    [DataRow("Error: No such tool available: mcp__brave__search", "mcp__brave__search")]
    [DataRow("Unknown tool: 'web_fetch'", "web_fetch")]
    [DataRow("The tool `git_log` is not available in this session", "git_log")]
    [DataRow("Sorry, I don't have access to a web search tool.", "web search")]
    public void Missing_tools_are_recognised_in_run_errors(string text, string tool)
    {
        CollectionAssert.AreEqual(new[] { tool }, MissingToolText.MissingTools(text).ToList());
    }

    [TestMethod]
    public void Ordinary_errors_name_no_missing_tool()
    {
        Assert.IsEmpty(MissingToolText.MissingTools("error CS0103: The name 'tool' does not exist in the current context"));
    }
}
