using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// Adversarial (issue 18): a target whose test suite allocates 2 GB, measured by a real cycle under
/// <c>Safety:Limits:Test:MemoryMiB=512</c>. The watchdog kills the test run's whole tree, the cycle ends with an outcome
/// that names the breach (never a measurement taken from the killed run, never a crash), the breach is recorded as a
/// <c>limit-breached</c> incident and a <c>limit.breached</c> audit event, no node process of the run survives and the
/// target's main branch is untouched.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class MemoryLimitCycleTests
{
    // Touches every page (Buffer.alloc fills with the value), 64 MiB at a time, up to 2 GiB, and keeps them alive.
    private const string Hog = """
        'use strict';

        const test = require('node:test');
        const assert = require('node:assert/strict');

        test('holds 2 GB in memory', () => {
          const chunks = [];
          for (let i = 0; i < 32; i++) chunks.push(Buffer.alloc(64 * 1024 * 1024, i + 1));
          assert.equal(chunks.reduce((n, c) => n + c.length, 0), 2 * 1024 * 1024 * 1024);
        });

        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_test_that_allocates_2_GB_is_killed_at_the_memory_limit_and_the_cycle_ends_cleanly_with_an_incident()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        ((Dictionary<string, string?>)f.Cli.Settings.Overrides)["Safety:Limits:Test:MemoryMiB"] = "512";
        var target = f.CreateTargetOutside("node-strings", "hog");
        File.WriteAllText(Path.Combine(target, "test", "memory.test.js"), Hog);
        TestGit.Run(target, "add", "-A");
        TestGit.CommitAll(target, "a test that holds 2 GB");
        var head = TestGit.Run(target, "rev-parse", "HEAD").Trim();

        var (result, summary) = await f.RunCycleOnAsync(target);
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual(JsonValueKind.Object, summary.ValueKind, "the cycle finished with a summary: " + result);
        // The killed run is no measurement: before the fix its exit code was read as "test suite fails" (suite-passed 0).
        Assert.AreEqual("tests not measured", summary.GetProperty("measuredBefore").GetString(), result.ToString());
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("testsBefore").ValueKind, result.ToString());
        var unknown = result.Json().GetProperty("variables").GetProperty("snapshot").GetProperty("unknown");
        StringAssert.Contains(unknown.GetProperty("tests.failed").GetString(), "was stopped: memory limit 512 MiB exceeded (peak RSS", result.ToString());
        Assert.IsFalse(unknown.TryGetProperty("tests.suite-passed", out var suite) && suite.ValueKind != JsonValueKind.String, "suite-passed is unknown, not a value");
        // With nothing measured there is no gap to work on: the cycle ends without asking Claude and without a change.
        Assert.AreEqual("no-gap", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(0, f.Model.Log.MessagesRequests.Count, "Claude was never asked");

        var incidents = (await f.Cli.RunAsync("knowledge", "incidents", "--json")).Json().EnumerateArray().ToList();
        var breach = incidents.SingleOrDefault(i => i.GetProperty("kind").GetString() == "limit-breached");
        Assert.AreEqual(JsonValueKind.Object, breach.ValueKind, "a limit-breached incident: " + string.Join("\n", incidents));
        StringAssert.Contains(breach.GetProperty("message").GetString(), "memory limit 512 MiB exceeded");
        var audit = await f.Cli.RunAsync("audit", "--json");
        StringAssert.Contains(audit.Output, "limit.breached", audit.ToString());

        Assert.AreEqual(head, TestGit.Run(target, "rev-parse", "HEAD").Trim(), "main is untouched");
        Assert.AreEqual("", TestGit.Run(target, "status", "--porcelain").Trim(), "the target's checkout is untouched");
        Assert.AreEqual("", TestGit.Run(target, "branch", "--list", "agent/*").Trim(), "no branch is left");
        var survivors = Survivors(f.Cli.Folder);
        Assert.IsEmpty(survivors, "no process of the test run survives: " + string.Join("\n", survivors));
    }

    // Processes whose command line or working folder lies under the test's folders (the agent's and the targets').
    private static List<string> Survivors(string prefix)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var cwd = "";
                try { cwd = new FileInfo(Path.Combine(dir, "cwd")).LinkTarget ?? ""; } catch (IOException) { } catch (UnauthorizedAccessException) { }
                if (cmdline.Contains(prefix, StringComparison.Ordinal) || cwd.StartsWith(prefix, StringComparison.Ordinal))
                    found.Add($"{pid} ({cwd}): {cmdline}");
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
