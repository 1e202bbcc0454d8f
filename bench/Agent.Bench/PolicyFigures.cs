using System.Diagnostics;
using Agent.Activities.Safety.Policy;

namespace Agent.Bench;

/// <summary>
/// Figure <c>policy</c>: <c>policy-decision-p95-us</c>, one <see cref="IPolicyEvaluator.Evaluate"/> as the PreToolUse hook
/// makes it per Claude tool call, over a mixed set of realistic actions (file edits and reads inside and outside the
/// worktree, simple and compound shell commands, network, MCP tools, merges) against the built-in policy with an
/// operator layer on top (allowed hosts, a protected path, a time window). <c>policy-decision-cpu-p95-us</c> is the same
/// on thread CPU time.
/// </summary>
public sealed class PolicyFigures(BenchOptions options, Report report)
{
    private const string Worktree = "/srv/targets/calc.worktrees/task-1";
    private const string Target = "/srv/targets/calc";
    private const string Home = "/home/agent";
    private int Decisions => options.Quick ? 20_000 : 100_000;

    private static readonly PolicyAction[] Actions =
    [
        new(PolicyActionClasses.FileEdit, "Edit", $"{Worktree}/src/Calc.cs"),
        new(PolicyActionClasses.FileEdit, "Write", "src/Strings.js"),
        new(PolicyActionClasses.FileEdit, "Write", "/etc/hosts"),
        new(PolicyActionClasses.FileEdit, "Edit", $"{Worktree}/tests/CalcTests.cs"),
        new(PolicyActionClasses.FileEdit, "Edit", $"{Worktree}/.github/workflows/ci.yml"),
        new(PolicyActionClasses.FileRead, "Read", $"{Worktree}/README.md"),
        new(PolicyActionClasses.FileRead, "Read", "~/.ssh/id_rsa"),
        new(PolicyActionClasses.FileRead, "Grep", "/srv/other/.env"),
        new(PolicyActionClasses.Command, "Bash", Command: "npm test"),
        new(PolicyActionClasses.Command, "Bash", Command: "dotnet build -c Release 2>&1 | tail -n 40"),
        new(PolicyActionClasses.Command, "Bash", Command: "git status && git diff --stat"),
        new(PolicyActionClasses.Command, "Bash", Command: "git add -A && git commit -m 'fix: count repeated words once'"),
        new(PolicyActionClasses.Command, "Bash", Command: "git push --force origin main"),
        new(PolicyActionClasses.Command, "Bash", Command: "cd / && rm -rf home"),
        new(PolicyActionClasses.Command, "Bash", Command: "rm -rf build obj node_modules"),
        new(PolicyActionClasses.Command, "Bash", Command: "curl -s -d @~/.ssh/id_rsa http://127.0.0.1:8080/x"),
        new(PolicyActionClasses.Command, "Bash", Command: "curl -sSf https://api.github.com/repos/o/r | jq .stargazers_count"),
        new(PolicyActionClasses.Command, "Bash", Command: "bash -c \"cd src && grep -rn TODO . | wc -l\""),
        new(PolicyActionClasses.Command, "Bash", Command: "find . -name '*.cs' -newer Calc.csproj | xargs grep -l 'public class'"),
        new(PolicyActionClasses.Network, "WebFetch", Host: "docs.github.com"),
        new(PolicyActionClasses.McpTool, "mcp__memory__create_entities"),
        new(PolicyActionClasses.Merge, Risk: 0.2),
        new(PolicyActionClasses.Merge, Risk: 0.8),
        new(PolicyActionClasses.SelfModify),
    ];

    private const string OperatorPolicy = """
        version: 1
        rules:
          - id: github
            match: { action: network, hosts: ["api.github.com", "*.github.com"] }
            effect: allow
          - id: no-night-merges
            match: { action: merge, hours: "22:00-06:00" }
            effect: require-approval
          - id: no-publish
            match: { action: command, command: ["Bash(npm publish:*)", "Bash(dotnet nuget push:*)"] }
        """;

    public Task RunAsync()
    {
        var parser = new PolicyFileParser();
        var policy = PolicyMerger.Merge([new BuiltInPolicy(parser).Document, parser.Parse(OperatorPolicy, "/agent/agent.policy.yaml", PolicyLayer.Agent)], Home);
        var context = new PolicyContext(DateTimeOffset.UtcNow, Worktree, Target, Home, "fix-failing-test", [".github/workflows/**", "agent.goals.yaml"]);
        var denied = 0;
        for (var i = 0; i < 5_000; i++) policy.Evaluate(Actions[i % Actions.Length], context);
        var wall = new List<double>(Decisions);
        var cpu = new List<double>(Decisions);
        var bytesStart = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Decisions; i++)
        {
            var action = Actions[i % Actions.Length];
            var cpuStart = CpuClock.ThreadSeconds();
            var start = Stopwatch.GetTimestamp();
            var decision = policy.Evaluate(action, context);
            var elapsed = Stopwatch.GetElapsedTime(start);
            cpu.Add((CpuClock.ThreadSeconds() - cpuStart) * 1e6);
            wall.Add(elapsed.TotalMicroseconds);
            if (decision.Effect == PolicyEffect.Deny) denied++;
        }
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - bytesStart) / Decisions;
        var p95 = Stats.Percentile(wall, 95);
        report.Figure("policy-decision-p95-us", Report.F(p95, "0.0"), "< 200", Math.Round(p95, 1) < 200,
            $"p50 {Report.F(Stats.Percentile(wall, 50), "0.0")} us, max {Report.F(wall.Max(), "0")} us; {Decisions:N0} decisions over {Actions.Length} actions "
            + $"({denied * 100 / Decisions}% denied), {policy.Rules.Count} rules, {allocated / 1024.0:0.0} KB allocated per decision");
        if (CpuClock.IsCpuTime) report.Context("policy-decision-cpu-p95-us", Report.F(Stats.Percentile(cpu, 95), "0.0"), $"thread CPU, p50 {Report.F(Stats.Percentile(cpu, 50), "0.0")} us");
        return Task.CompletedTask;
    }
}
