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
/// one Read of a small file — through <see cref="ClaudeRunner"/> with oversight as shipped (the PreToolUse and
/// PostToolUse hooks: bash client, in-process broker, the real built-in policy) and without, interleaved; per call = the
/// difference of the medians / N. Context: the PreToolUse hook alone (results journaled from the stream).
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
            using var log = new ClaudeRunLog(Path.Combine(root, "runs.db"));
            using var gate = new ClaudeConcurrencyLimiter(Options.Create(cli));
            // The real built-in policy (no operator or target file): what a user's run is decided by.
            var parser = new PolicyFileParser();
            var policy = new PolicyProvider(new BuiltInPolicy(parser), parser, Options.Create(new PolicyOptions { Path = Path.Combine(root, "none.policy.yaml"), ReadTargetPolicy = false }));
            var shipped = new OversightOptions();
            var preOnly = new OversightOptions { PostToolUseHook = false };
            await using var broker = new ToolCallBroker(new ToolCallDecider(new SecretRedactor()), Options.Create(shipped));
            var plain = new ClaudeRunner(Options.Create(cli), gate, log, new SecretRedactor());
            var overseen = new ClaudeRunner(Options.Create(cli), gate, log, new SecretRedactor(), oversight: new ToolCallOversight(broker, policy, Options.Create(shipped)));
            var preOverseen = new ClaudeRunner(Options.Create(cli), gate, log, new SecretRedactor(), oversight: new ToolCallOversight(broker, policy, Options.Create(preOnly)));
            var request = new ClaudeRunRequest
            {
                Prompt = "read the note ten times",
                WorkingDirectory = cwd,
                Environment = new Dictionary<string, string> { ["HOME"] = home },
                PermissionMode = ClaudePermissionModes.BypassPermissions,
            };

            await OnceAsync(plain, request, expectDecisions: false);
            await OnceAsync(overseen, request, expectDecisions: true);
            await OnceAsync(preOverseen, request, expectDecisions: true);
            var n = options.Quick ? 4 : 12;
            var with = new List<double>();
            var without = new List<double>();
            var pre = new List<double>();
            for (var i = 0; i < n; i++)
            {
                // Interleaved, reversed every other round, so load drift hits every side alike.
                if (i % 2 == 0)
                {
                    with.Add(await OnceAsync(overseen, request, expectDecisions: true));
                    without.Add(await OnceAsync(plain, request, expectDecisions: false));
                    pre.Add(await OnceAsync(preOverseen, request, expectDecisions: true));
                }
                else
                {
                    pre.Add(await OnceAsync(preOverseen, request, expectDecisions: true));
                    without.Add(await OnceAsync(plain, request, expectDecisions: false));
                    with.Add(await OnceAsync(overseen, request, expectDecisions: true));
                }
            }
            var perCall = (Stats.Median(with) - Stats.Median(without)) / ToolCalls;
            // Spread: the per-call difference of each interleaved pair, 25th to 75th percentile.
            var pairs = with.Zip(without, (a, b) => (a - b) / ToolCalls).ToList();
            Report.Progress($"hook-overhead: with hooks median {Report.F(Stats.Median(with), "0")} ms, without {Report.F(Stats.Median(without), "0")} ms, {ToolCalls} tool calls, {n} runs each");
            report.Figure("hook-overhead-ms", Report.F(perCall, "0.0"), "<= 30", Math.Round(perCall, 1) <= 30,
                $"per tool call (PreToolUse and PostToolUse hooks, the built-in policy), median of {n} runs of {ToolCalls} calls: with hooks {Report.F(Stats.Median(with), "0")} ms, without {Report.F(Stats.Median(without), "0")} ms; pairs p25..p75 {Report.F(Stats.Percentile(pairs, 25), "0.0")}..{Report.F(Stats.Percentile(pairs, 75), "0.0")} ms");
            var preOnlyPerCall = (Stats.Median(pre) - Stats.Median(without)) / ToolCalls;
            report.Context("hook-overhead-pre-only-ms", Report.F(preOnlyPerCall, "0.0"),
                $"context: the PreToolUse hook alone (Safety:Oversight:PostToolUseHook=false, results journaled from the stream), median {Report.F(Stats.Median(pre), "0")} ms");
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
        // Every call decided and its result journaled, or the figure would measure less than it claims.
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
}
