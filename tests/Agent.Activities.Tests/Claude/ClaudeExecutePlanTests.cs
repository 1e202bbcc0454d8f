using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>Which runs a ClaudeExecute makes, checked without the engine or the CLI.</summary>
[TestClass]
public sealed class ClaudeExecutePlanTests
{
    private static ClaudeExecuteSettings Settings => new()
    {
        WorkingDirectory = Path.GetTempPath(), PermissionMode = "acceptEdits", MaxTurns = 3, TimeoutSeconds = 5, MaxTokens = 1000, MaxUsd = 0.5m,
        AllowedTools = ["Write"], DisallowedTools = ["Bash"],
    };

    [TestMethod]
    public void Simple_mode_maps_every_option_onto_one_request()
    {
        var request = ClaudeExecutePlan.Build(null, "do it", null, Settings).Single();

        Assert.AreEqual("do it", request.Prompt);
        Assert.AreEqual("acceptEdits", request.PermissionMode);
        Assert.AreEqual(3, request.MaxTurns);
        Assert.AreEqual(TimeSpan.FromSeconds(5), request.Timeout);
        Assert.AreEqual(new ClaudeBudget(1000, 0.5m), request.Budget);
        CollectionAssert.AreEqual(new[] { "Write" }, request.AllowedTools.ToList());
        CollectionAssert.AreEqual(new[] { "Bash" }, request.DisallowedTools.ToList());
    }

    [TestMethod]
    public void Parallel_mode_keeps_prompt_order_and_names_a_blank_prompt()
    {
        var requests = ClaudeExecutePlan.Build("parallel", null, ["a", "b"], Settings);
        CollectionAssert.AreEqual(new[] { "a", "b" }, requests.Select(r => r.Prompt).ToList());

        var e = Assert.ThrowsExactly<ClaudeRequestException>(() => ClaudeExecutePlan.Build("parallel", null, ["a", " "], Settings));
        Assert.Contains("prompts[1]: Prompt is empty", e.Message);
    }

    [TestMethod]
    public void Async_mode_takes_prompts_or_else_the_single_prompt()
    {
        Assert.AreEqual("one", ClaudeExecutePlan.Build("async", "one", null, Settings).Single().Prompt);
        CollectionAssert.AreEqual(new[] { "a", "b" }, ClaudeExecutePlan.Build("async", "ignored", ["a", "b"], Settings).Select(r => r.Prompt).ToList());
        Assert.Contains("prompts[1]: Prompt is empty", Assert.ThrowsExactly<ClaudeRequestException>(() => ClaudeExecutePlan.Build("async", null, ["a", " "], Settings)).Message);
    }

    [TestMethod]
    public void Unknown_mode_empty_batch_and_bad_options_are_rejected_with_a_reason()
    {
        Assert.Contains("Mode 'turbo' is unknown", Assert.ThrowsExactly<ClaudeRequestException>(() => ClaudeExecutePlan.Build("turbo", "x", null, Settings)).Message);
        Assert.Contains("at least one entry in prompts", Assert.ThrowsExactly<ClaudeRequestException>(() => ClaudeExecutePlan.Build("parallel", null, [], Settings)).Message);
        var bad = Settings with { TimeoutSeconds = -1, MaxTokens = 0 };
        var e = Assert.ThrowsExactly<ClaudeRequestException>(() => ClaudeExecutePlan.Build("parallel", null, ["a", "b"], bad));
        Assert.HasCount(2, e.Errors, "shared option errors are reported once, not once per prompt");
    }

    [TestMethod]
    public void The_mcp_config_comes_from_the_configured_folder_else_the_working_directory_and_only_when_the_file_exists()
    {
        var root = Directory.CreateTempSubdirectory("mcp-config-").FullName;
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(root, "target")).FullName;
            var worktree = Directory.CreateDirectory(Path.Combine(root, "worktree")).FullName;
            var targetFile = Path.Combine(target, ClaudeExecuteSettings.TargetMcpConfigFileName);
            var worktreeFile = Path.Combine(worktree, ClaudeExecuteSettings.TargetMcpConfigFileName);
            var inWorktree = new ClaudeExecuteSettings { WorkingDirectory = worktree };
            var fromTarget = new ClaudeExecuteSettings { WorkingDirectory = worktree, McpConfigDirectory = target };

            Assert.IsEmpty(fromTarget.ToRequest("x").McpConfig, "no file, no --mcp-config");
            File.WriteAllText(worktreeFile, "{\"mcpServers\":{}}");
            File.WriteAllText(targetFile, "{\"mcpServers\":{}}");

            CollectionAssert.AreEqual(new[] { worktreeFile }, inWorktree.ToRequest("x").McpConfig.ToList());
            CollectionAssert.AreEqual(new[] { targetFile }, fromTarget.ToRequest("x").McpConfig.ToList());
            Assert.IsEmpty((fromTarget with { LoadTargetMcpServers = false }).ToRequest("x").McpConfig);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
