using Agent.Testing.Postgres;
using System.Text.Json;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Graph;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

public abstract class KnowledgeGraphTests : KnowledgeTests
{
    private static readonly ErrorObservation Missing = new("ConfigError: missing key 'timeout' in /a/settings.ini at line 3");

    private async Task<(KnowledgeSandbox Kb, AttemptRecorded Failed, AttemptRecorded Fixed)> TwoAttemptsAsync()
    {
        var kb = await NewSandboxAsync();
        var failed = await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Failed) with
        {
            Task = new LearningTask("ship", "fix-config", "make the check pass", Gap: "check fails"),
            Approach = new Approach { Tools = ["Bash", "Edit"], Files = ["settings.ini", "check.sh"] },
            ErrorsSeen = [Missing],
        }, Token);
        var fixedIt = await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-config", ExperienceOutcome.Accepted) with
        {
            Task = new LearningTask("ship", "fix-config", "make the check pass", Gap: "check fails"),
            Approach = new Approach { Tools = ["Bash"], Files = ["settings.ini"] },
            ErrorsSeen = [Missing with { Text = "ConfigError: missing key 'timeout' in /b/settings.ini at line 8" }],
            Fix = new AttemptFix("append 'timeout = 30' to settings.ini"),
        }, Token);
        return (kb, failed, fixedIt);
    }

    [TestMethod]
    public async Task Neighbours_by_edge_and_node_type_heaviest_first()
    {
        var (kb, failed, _) = await TwoAttemptsAsync();
        await using var _ = kb;

        var tools = await kb.Graph.NeighboursAsync(new NodeRef(NodeType.Task, failed.ExperienceId), EdgeType.Uses, NodeType.Tool, EdgeDirection.Outgoing, cancellationToken: Token);
        CollectionAssert.AreEquivalent(new[] { "Bash", "Edit" }, tools.Select(t => t.Node.Key).ToList());

        var users = await kb.Graph.NeighboursAsync(new NodeRef(NodeType.Tool, "Bash"), EdgeType.Uses, direction: EdgeDirection.Incoming, cancellationToken: Token);
        Assert.HasCount(2, users);
        Assert.IsTrue(users.All(u => u.Node.Type == NodeType.Task && u.Direction == EdgeDirection.Incoming));

        var errorEdges = await kb.Graph.NeighboursAsync(new NodeRef(NodeType.Error, failed.ErrorIds[0].ToString()), cancellationToken: Token);
        Assert.AreEqual(NodeType.Solution, errorEdges.Single(e => e.EdgeType == EdgeType.SolvedBy && e.Direction == EdgeDirection.Outgoing).Node.Type);
        Assert.AreEqual(2, errorEdges.Count(e => e.EdgeType == EdgeType.Caused && e.Direction == EdgeDirection.Incoming));

        await kb.Graph.AddEdgeAsync(new NodeRef(NodeType.Task, failed.ExperienceId), EdgeType.Uses, new NodeRef(NodeType.Tool, "Edit"), 5, Token);
        var heaviest = await kb.Graph.NeighboursAsync(new NodeRef(NodeType.Task, failed.ExperienceId), take: 1, cancellationToken: Token);
        Assert.AreEqual("Edit", heaviest.Single().Node.Key);
        Assert.AreEqual(6, heaviest.Single().Weight);
    }

    [TestMethod]
    public async Task What_solved_errors_like_this_one_files_in_failures_and_a_shortest_path()
    {
        var (kb, failed, fixedIt) = await TwoAttemptsAsync();
        await using var _ = kb;

        var solved = await kb.Graph.SolutionsForErrorsLikeAsync(new ErrorObservation("ConfigError: missing key 'timeout' in /elsewhere/settings.ini at line 99"), Token);
        Assert.AreEqual("append 'timeout = 30' to settings.ini", solved.Single().Solution.Label);
        Assert.AreEqual(1, solved.Single().SuccessCount);
        Assert.AreEqual(new NodeRef(NodeType.Error, fixedIt.ErrorIds[0].ToString()), new NodeRef(solved.Single().Error.Type, solved.Single().Error.Key));
        Assert.AreEqual(solved.Single().Error, await kb.Graph.FindAsync(new NodeRef(NodeType.Error, fixedIt.ErrorIds[0].ToString()), Token));

        var files = await kb.Graph.FilesMostInFailuresAsync(cancellationToken: Token);
        CollectionAssert.AreEquivalent(new[] { "check.sh", "settings.ini" }, files.Select(f => f.Path).ToList());
        Assert.IsTrue(files.All(f => f.Failures == 1));

        var path = await kb.Graph.ShortestPathAsync(new NodeRef(NodeType.Goal, "ship"), new NodeRef(NodeType.Solution, fixedIt.SolutionIds[0].ToString()), cancellationToken: Token);
        CollectionAssert.AreEqual(new[] { NodeType.Goal, NodeType.Gap, NodeType.Task, NodeType.Solution }, path.Select(p => p.Type).ToList());
        Assert.IsEmpty(await kb.Graph.ShortestPathAsync(new NodeRef(NodeType.Goal, "ship"), new NodeRef(NodeType.File, "nowhere"), cancellationToken: Token));
        Assert.AreNotEqual(failed.ExperienceId, fixedIt.ExperienceId);
    }

    [TestMethod]
    public async Task Export_as_JSON_and_DOT_holds_every_node_and_edge()
    {
        var (kb, _, _) = await TwoAttemptsAsync();
        await using var _ = kb;
        var (nodes, edges) = await kb.Graph.SnapshotAsync(Token);

        using var json = JsonDocument.Parse(GraphExporter.ToJson(nodes, edges));
        Assert.AreEqual(nodes.Count, json.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.AreEqual(edges.Count, json.RootElement.GetProperty("edges").GetArrayLength());
        Assert.IsTrue(json.RootElement.GetProperty("edges").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "solved-by"));

        var dot = GraphExporter.ToDot(nodes, edges);
        Assert.StartsWith("digraph knowledge {", dot);
        Assert.AreEqual(edges.Count, dot.Split('\n').Count(l => l.Contains(" -> ", StringComparison.Ordinal)));
        StringAssert.Contains(dot, "solved-by (1)");
    }
}

[TestClass]
public sealed class SqliteKnowledgeGraphTests : KnowledgeGraphTests
{
    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => SqliteSandboxAsync(configure);
}

[TestClass]
public sealed class PostgresKnowledgeGraphTests : KnowledgeGraphTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<KnowledgeSandbox> NewSandboxAsync(Action<LearningOptions>? configure = null) => PostgresSandboxAsync(s_server, configure);
}
