using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Goals;

/// <summary>The optional <c>needs</c> list of a goal: capability tags, checked in form always and against a taxonomy when given.</summary>
[TestClass]
public sealed class GoalNeedsTests
{
    private readonly GoalsFileReader _reader = new();

    [TestMethod]
    public void Needs_are_read_in_order_and_default_to_none()
    {
        var tree = _reader.Parse("""
            goals:
              - id: research
                targets: [{ metric: tests.failed, max: 0 }]
                needs: [web.search, web.fetch]
              - id: plain
                targets: [{ metric: tests.failed, max: 0 }]
            """, "agent.goals.yaml");

        CollectionAssert.AreEqual(new[] { "web.search", "web.fetch" }, tree.Roots[0].Needs.ToList());
        Assert.IsEmpty(tree.Roots[1].Needs);
    }

    [TestMethod]
    [DataRow("needs: web.search", "must be a list of capability tags")]
    [DataRow("needs: [web search]", "is not a capability tag")]
    [DataRow("needs: [web.search, web.search]", "lists 'web.search' twice")]
    [DataRow("needs: [teleport]", "unknown capability 'teleport'")]
    public void Bad_needs_are_errors_on_their_line(string needs, string problem)
    {
        var error = Assert.ThrowsExactly<GoalsFileException>(() => _reader.Parse($"""
            goals:
              - id: research
                targets: [{"{"} metric: tests.failed, max: 0 {"}"}]
                {needs}
            """, "agent.goals.yaml", tag => tag.StartsWith("web.", StringComparison.Ordinal)));

        Assert.AreEqual(4, error.Line, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [TestMethod]
    public void Without_a_taxonomy_any_well_formed_tag_is_accepted()
    {
        var tree = _reader.Parse("goals:\n  - id: a\n    targets: [{ metric: tests.failed, max: 0 }]\n    needs: [teleport]\n", "agent.goals.yaml");

        CollectionAssert.AreEqual(new[] { "teleport" }, tree.Roots[0].Needs.ToList());
    }
}
