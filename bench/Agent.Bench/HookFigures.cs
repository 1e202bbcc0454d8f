using Agent.Activities.Safety.Redaction;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Microsoft.Extensions.Options;

namespace Agent.Bench;

/// <summary>
/// Figure <c>hooks</c>: what the oversight adds per tool call. The same scripted run of the real CLI — N turns, each
/// one Read of a small file — through <see cref="ClaudeRunner"/> with oversight (the PreToolUse hook: bash client,
/// in-process broker, a policy that allows every call; results journaled from the stream) and without, interleaved;
/// per call = the difference of the medians / N.
/// </summary>
public sealed class HookFigures(BenchOptions options, Report report)
{
    private const int ToolCalls = 10;

    public async Task RunAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-hooks", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using var server = new ScriptedModelServer(ScriptLoader.Parse(Script()));
            var url = await server.StartAsync(CancellationToken.None);
            var cli = new ClaudeCliOptions { BaseUrl = url.ToString(), ApiKey = "sk-bench", MaxAttempts = 1, DefaultTimeout = TimeSpan.FromSeconds(120) };
            var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            var cwd = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
            await File.WriteAllTextAsync(Path.Combine(cwd, "note.txt"), "a small file the scripted model reads\n");
            using var log = new SqliteClaudeRunLog(Path.Combine(root, "runs.db"));
            using var gate = new ClaudeConcurrencyLimiter(Options.Create(cli));
            await using var broker = new ToolCallBroker(new ToolCallDecider(new SecretRedactor()), Options.Create(new OversightOptions()));
            var oversight = new ToolCallOversight(broker, new AllowAllProvider(), Options.Create(new OversightOptions()));
            var plain = new ClaudeRunner(Options.Create(cli), gate, log, new SecretRedactor());
            var overseen = new ClaudeRunner(Options.Create(cli), gate, log, new SecretRedactor(), oversight: oversight);
            var request = new ClaudeRunRequest
            {
                Prompt = "read the note ten times",
                WorkingDirectory = cwd,
                Environment = new Dictionary<string, string> { ["HOME"] = home },
                PermissionMode = ClaudePermissionModes.BypassPermissions,
            };

            // Context: the same hooks with a command that does nothing, i.e. what Claude Code's hook machinery costs by itself.
            var noop = request with { Settings = OversightSettings.Merge(null, "cat >/dev/null", null, 30) };

            await OnceAsync(plain, request, expectDecisions: false);
            await OnceAsync(overseen, request, expectDecisions: true);
            await OnceAsync(plain, noop, expectDecisions: false);
            var n = options.Quick ? 4 : 12;
            var with = new List<double>();
            var without = new List<double>();
            var noHookWork = new List<double>();
            for (var i = 0; i < n; i++)
            {
                // Interleaved, reversed every other round, so load drift hits every side alike.
                if (i % 2 == 0)
                {
                    with.Add(await OnceAsync(overseen, request, expectDecisions: true));
                    without.Add(await OnceAsync(plain, request, expectDecisions: false));
                    noHookWork.Add(await OnceAsync(plain, noop, expectDecisions: false));
                }
                else
                {
                    noHookWork.Add(await OnceAsync(plain, noop, expectDecisions: false));
                    without.Add(await OnceAsync(plain, request, expectDecisions: false));
                    with.Add(await OnceAsync(overseen, request, expectDecisions: true));
                }
            }
            var perCall = (Stats.Median(with) - Stats.Median(without)) / ToolCalls;
            // Spread: the per-call difference of each interleaved pair, 25th to 75th percentile.
            var pairs = with.Zip(without, (a, b) => (a - b) / ToolCalls).ToList();
            Report.Progress($"hook-overhead: with hooks median {Report.F(Stats.Median(with), "0")} ms, without {Report.F(Stats.Median(without), "0")} ms, {ToolCalls} tool calls, {n} runs each");
            report.Figure("hook-overhead-ms", Report.F(perCall, "0.0"), "<= 30", Math.Round(perCall, 1) <= 30,
                $"per tool call (PreToolUse hook; results journaled from the stream), median of {n} runs of {ToolCalls} calls: with hooks {Report.F(Stats.Median(with), "0")} ms, without {Report.F(Stats.Median(without), "0")} ms; pairs p25..p75 {Report.F(Stats.Percentile(pairs, 25), "0.0")}..{Report.F(Stats.Percentile(pairs, 75), "0.0")} ms");
            var ours = (Stats.Median(with) - Stats.Median(noHookWork)) / ToolCalls;
            report.Context("hook-overhead-vs-noop-hook-ms", Report.F(ours, "0.0"),
                $"context: the same hooks running 'cat >/dev/null' instead of agent-hook, median {Report.F(Stats.Median(noHookWork), "0")} ms: the agent's share per call; the rest is Claude Code starting hook commands");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { /* a straggler holds a file; temp is cleaned eventually */ }
        }
    }

    private static async Task<double> OnceAsync(ClaudeRunner runner, ClaudeRunRequest request, bool expectDecisions)
    {
        var watch = Stopwatch.StartNew();
        var result = await runner.RunAsync(request);
        var ms = watch.Elapsed.TotalMilliseconds;
        if (!result.IsSuccess) throw new InvalidOperationException($"hook bench run failed: {result.Subtype} {result.Error} {result.StderrTail}");
        // Both hooks fired for every call, or the figure would measure less than it claims.
        var expected = expectDecisions ? 2 * ToolCalls : 0;
        if (result.ToolDecisions.Count != expected) throw new InvalidOperationException($"expected {expected} hook calls, saw {result.ToolDecisions.Count}");
        return ms;
    }

    /// <summary>N turns of one Read each, then a text turn.</summary>
    private static string Script()
    {
        var rules = new JsonArray();
        for (var turn = 1; turn <= ToolCalls; turn++)
        {
            rules.Add(new JsonObject
            {
                ["match"] = new JsonObject { ["turn"] = turn },
                ["respond"] = new JsonObject { ["toolUse"] = new JsonArray(new JsonObject { ["name"] = "Read", ["input"] = new JsonObject { ["file_path"] = "{{cwd}}/note.txt" } }) },
            });
        }
        rules.Add(new JsonObject { ["match"] = new JsonObject { ["turn"] = ToolCalls + 1 }, ["respond"] = new JsonObject { ["text"] = "Read it." } });
        return new JsonObject { ["name"] = "hook-overhead", ["rules"] = rules }.ToJsonString();
    }

    /// <summary>The policy's own cost is figure <c>policy-decision-p95-us</c>; this one measures the hook path around it.</summary>
    private sealed class AllowAllProvider : IPolicyProvider, IPolicyEvaluator
    {
        public Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) => Task.FromResult<IPolicyEvaluator>(this);

        public PolicyDecision Evaluate(PolicyAction action, PolicyContext context) => new(PolicyEffect.Allow, "default", "allowed", "bench", []);
    }
}
