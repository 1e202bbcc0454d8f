using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Server.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent kpi</c> and <c>agent knowledge …</c> against a knowledge base filled through the learning service.</summary>
[TestClass]
public sealed class CliKnowledgeTests
{
    private const string ErrorText = "ConfigError: missing key 'timeout' in /srv/a/settings.ini at line 3";
    private const string FixText = "append 'timeout = 30' to settings.ini";

    public TestContext TestContext { get; set; } = null!;

    private static string KnowledgeBase(CliHarness cli) => Path.Combine(cli.Folder, ".data", "knowledge_base.db");

    private async Task SeedAsync(CliHarness cli)
    {
        await using var services = new ServiceCollection().AddLearning(o => o.DatabasePath = KnowledgeBase(cli)).BuildServiceProvider();
        var learning = services.GetRequiredService<ILearningService>();
        var started = DateTimeOffset.UtcNow.AddDays(-1);
        await learning.RecordAttemptAsync(new AttemptRecord
        {
            Task = new LearningTask("ship", "fix-config", "service A settings", "check fails"),
            Outcome = ExperienceOutcome.Failed,
            Approach = new Approach { Name = "guess", Tools = ["Bash"], Files = ["settings.ini"] },
            ErrorsSeen = [new ErrorObservation(ErrorText, "check")],
            StartedAt = started,
            Duration = TimeSpan.FromSeconds(3),
        }, TestContext.CancellationToken);
        await learning.RecordAttemptAsync(new AttemptRecord
        {
            Task = new LearningTask("ship", "fix-config", "service B settings", "check fails in B"),
            Outcome = ExperienceOutcome.Accepted,
            GapClosed = true,
            MergedCommit = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0",
            Approach = new Approach { Name = "read-then-edit", Tools = ["Bash", "Read"], Files = ["settings.ini"], Turns = 4 },
            ErrorsSeen = [new ErrorObservation("ConfigError: missing key 'timeout' in /srv/b/settings.ini at line 9", "check")],
            Fix = new AttemptFix(FixText),
            Tokens = 1000,
            CostUsd = 0.5,
            StartedAt = started.AddHours(1),
            Duration = TimeSpan.FromSeconds(5),
        }, TestContext.CancellationToken);
        SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public async Task Kpi_prints_a_table_and_json_computed_from_the_knowledge_base()
    {
        using var cli = new CliHarness();
        await SeedAsync(cli);

        var table = await cli.RunAsync("kpi");
        var json = await cli.RunAsync("kpi", "--json");

        Assert.AreEqual(ExitCodes.Success, table.ExitCode, table.ToString());
        StringAssert.Contains(table.Output, "Autonomy rate");
        StringAssert.Contains(table.Output, "100 %");
        StringAssert.Contains(table.Output, "fix-config");
        Assert.AreEqual(ExitCodes.Success, json.ExitCode, json.ToString());
        var root = json.Json();
        Assert.AreEqual(1, root.GetProperty("autonomy").GetProperty("completed").GetInt32());
        Assert.AreEqual(1.0, root.GetProperty("errorRecovery").GetProperty("rate").GetDouble());
        Assert.AreEqual(1000.0, root.GetProperty("resourceEfficiency").GetProperty("tokensPerAccepted").GetDouble());
        Assert.AreEqual(2, root.GetProperty("learningEfficiency")[0].GetProperty("firstSuccess").GetProperty("attempts").GetInt32());
    }

    [TestMethod]
    public async Task Knowledge_errors_lists_the_error_with_its_fix_and_like_finds_it_from_another_path()
    {
        using var cli = new CliHarness();
        await SeedAsync(cli);

        var list = await cli.RunAsync("knowledge", "errors");
        var like = await cli.RunAsync("knowledge", "errors", "--like", "ConfigError: missing key 'timeout' in /elsewhere/settings.ini at line 77", "--json");

        Assert.AreEqual(ExitCodes.Success, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, "ConfigError");
        StringAssert.Contains(list.Output, "1/1: " + FixText);
        var match = like.Json()[0];
        Assert.AreEqual("Exact", match.GetProperty("kind").GetString());
        Assert.AreEqual(FixText, match.GetProperty("solutions")[0].GetProperty("description").GetString());
    }

    [TestMethod]
    public async Task Knowledge_patterns_graph_and_replay_show_what_was_learned()
    {
        using var cli = new CliHarness();
        await SeedAsync(cli);

        var patterns = await cli.RunAsync("knowledge", "patterns", "--json");
        var summary = await cli.RunAsync("knowledge", "graph");
        var dot = await cli.RunAsync("knowledge", "graph", "--format", "dot");
        var json = await cli.RunAsync("knowledge", "graph", "--format", "json");
        var context = await cli.RunAsync("knowledge", "replay", "--task", "service C settings", "--task-type", "fix-config", "--error", ErrorText);
        var proposals = await cli.RunAsync("knowledge", "replay", "--json");

        Assert.AreEqual(2, patterns.Json().GetArrayLength(), patterns.ToString());
        StringAssert.Contains(summary.Output, "│ settings.ini │ 1 ");
        Assert.StartsWith("digraph knowledge {", dot.Output);
        StringAssert.Contains(dot.Output, "solved-by");
        Assert.IsGreaterThan(5, json.Json().GetProperty("nodes").GetArrayLength());
        StringAssert.Contains(context.Output, "fix (worked 1 of 1 times; origin unknown, commit b0b0b0b0b0): " + FixText);
        Assert.AreEqual("service A settings", proposals.Json()[0].GetProperty("task").GetProperty("description").GetString());
    }

    [TestMethod]
    public async Task A_knowledge_base_that_is_not_a_database_exits_2_naming_the_file()
    {
        using var cli = new CliHarness();
        cli.WriteFile(Path.Combine(".data", "knowledge_base.db"), "not a database at all");

        var result = await cli.RunAsync("knowledge", "errors");

        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, KnowledgeBase(cli));
        StringAssert.Contains(result.Error, "move it aside");
        Assert.AreEqual("not a database at all", File.ReadAllText(KnowledgeBase(cli)));
    }

    [TestMethod]
    public async Task A_bad_graph_format_is_refused()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("knowledge", "graph", "--format", "svg");

        Assert.AreNotEqual(ExitCodes.Success, result.ExitCode);
        StringAssert.Contains(result.Error + result.Output, "svg");
    }
}
