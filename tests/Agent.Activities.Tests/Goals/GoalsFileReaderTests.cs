using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Goals;

[TestClass]
public sealed class GoalsFileReaderTests
{
    private readonly GoalsFileReader _reader = new();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_dotnet_sample_s_goals_file_reads_as_a_tree_with_targets()
    {
        var tree = await _reader.LoadAsync(Path.Combine(AgentRepository.Root, "samples", "dotnet-calculator"), TestContext.CancellationToken);

        Assert.EndsWith("agent.goals.yaml", tree.Source);
        CollectionAssert.AreEqual(new[] { "correctness", "maintainability" }, tree.Roots.Select(g => g.Id).ToList());
        CollectionAssert.AreEqual(new[] { "correctness", "tests-pass", "builds-clean", "maintainability", "documented", "no-todos" }, tree.AllGoals().Select(g => g.Id).ToList());
        var clean = tree.AllGoals().Single(g => g.Id == "builds-clean");
        Assert.AreEqual(new GoalTarget(MetricCatalog.BuildSucceeded, TargetComparison.AtLeast, 1), clean.Targets[0]);
        Assert.AreEqual(new GoalTarget(MetricCatalog.BuildWarnings, TargetComparison.AtMost, 0), clean.Targets[1]);
    }

    [TestMethod]
    public async Task A_target_without_a_goals_file_gets_the_defaults()
    {
        var tree = await _reader.LoadAsync(SampleRepository.CreatePlainFolder(), TestContext.CancellationToken);

        Assert.AreEqual(GoalTree.DefaultsSource, tree.Source);
        var metrics = tree.AllGoals().SelectMany(g => g.Targets).Select(t => t.Metric).ToList();
        CollectionAssert.Contains(metrics, MetricCatalog.TestsFailed);
        CollectionAssert.Contains(metrics, MetricCatalog.BuildWarnings);
        CollectionAssert.Contains(metrics, MetricCatalog.DocsPublicApiPercent);
        CollectionAssert.Contains(metrics, MetricCatalog.TodoCount);
        Assert.IsTrue(metrics.All(m => MetricCatalog.Find(m) is not null));
    }

    [TestMethod]
    public void Weights_and_nested_children_are_read()
    {
        var tree = _reader.Parse("""
            goals:
              - id: a
                title: Top
                weight: 3
                children:
                  - id: b
                    targets:
                      - metric: coverage.line_percent
                        min: 80
            """, "g.yaml");

        var a = tree.Roots.Single();
        Assert.AreEqual(3, a.Weight);
        var b = a.Children.Single();
        Assert.AreEqual(("b", "b", 1.0), (b.Id, b.Title, b.Weight));
        Assert.AreEqual("coverage.line_percent ≥ 80", b.Targets.Single().ToString());
    }

    [TestMethod]
    public void An_unknown_metric_names_the_file_the_line_and_the_known_metrics()
    {
        var error = Assert.ThrowsExactly<GoalsFileException>(() => _reader.Parse("""
            goals:
              - id: tests
                targets:
                  - metric: tests.failed
                    max: 0
                  - metric: tests.flaky
                    max: 0
            """, "/repo/agent.goals.yaml"));

        Assert.AreEqual("/repo/agent.goals.yaml", error.File);
        Assert.AreEqual(6, error.Line);
        Assert.StartsWith("/repo/agent.goals.yaml:6: unknown metric 'tests.flaky'", error.Message);
        foreach (var known in MetricCatalog.All) Assert.Contains(known.Name, error.Message);
    }

    [TestMethod]
    [DataRow("goals:\n  - id: a\n    targets:\n      - metric: todo.count\n        min: 1\n        max: 2\n", 4, "exactly one of 'min' or 'max'")]
    [DataRow("goals:\n  - id: a\n    targets:\n      - metric: todo.count\n        max: none\n", 5, "'max' must be a number, not 'none'")]
    [DataRow("goals:\n  - id: a\n    target:\n      - metric: todo.count\n", 3, "unknown key 'target' in a goal")]
    [DataRow("goals:\n  - id: a\n    targets: []\n", 2, "neither 'targets' nor 'children'")]
    [DataRow("goals:\n  - id: a\n    targets: [{metric: todo.count, max: 0}]\n  - id: a\n    targets: [{metric: todo.count, max: 0}]\n", 4, "the goal id 'a' is used twice")]
    [DataRow("goals:\n  - title: no id\n    targets: [{metric: todo.count, max: 0}]\n", 2, "needs a non-empty 'id'")]
    [DataRow("goals:\n  - id: a\n    weight: 0\n    targets: [{metric: todo.count, max: 0}]\n", 3, "must be greater than 0")]
    [DataRow("goal:\n  - id: a\n", 1, "unknown key 'goal' at the top")]
    [DataRow("goals: [\n", 2, "not valid YAML")]
    [DataRow("- just a list\n", 1, "expected a mapping with a 'goals' list")]
    public void Bad_goals_files_are_refused_with_the_line_and_what_to_change(string yaml, int line, string problem)
    {
        var error = Assert.ThrowsExactly<GoalsFileException>(() => _reader.Parse(yaml, "agent.goals.yaml"));

        Assert.AreEqual(line, error.Line, error.Message);
        Assert.Contains(problem, error.Message);
    }
}
