using Agent.Testing.Http;
using Agent.Activities.Cycle;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.Approvals;
using Agent.Activities.Tests.Safety.Decisions;
using Agent.Activities.Validation;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Safety.Scanning;

/// <summary>
/// The real Validate on the node sample (AssessState measures the base with node's test runner, Validate measures the
/// worktree): a change that fixes the failing test but commits a real-looking GitHub token is rejected with the
/// finding named, and the same fix without the token is accepted with an "allow" decision.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ValidateSecurityGateTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Json(string repo) => $$"""
        {
          "definitionId": "validate-security", "version": 1,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "assess", "type": "Agent.AssessState", "targetPath": { "typeName": "String", "expression": { "type": "Literal", "value": "{{repo}}" } } },
              { "id": "create", "type": "Agent.CreateWorktree",
                "targetRepository": { "typeName": "String", "expression": { "type": "Literal", "value": "{{repo}}" } },
                "taskId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('taskId');" } },
                "gap": { "typeName": "String", "expression": { "type": "Literal", "value": "wordCount" } } },
              { "id": "edited", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "edited" } } },
              { "id": "validate", "type": "Agent.Validate",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } },
                "snapshotId": { "typeName": "Int64", "expression": { "type": "JavaScript", "value": "return getOutputFrom('assess', 'snapshotId');" } },
                "gap": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return { key: 'fix-failing-test:wordCount ignores repeated spaces', taskType: 'fix-failing-test', goalId: 'tests-pass', goalTitle: 'All tests pass', metric: 'tests.failed', target: 'tests.failed ≤ 0', subject: 'wordCount ignores repeated spaces', summary: 'wordCount ignores repeated spaces fails' };" } } },
              { "id": "accepted", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "var r = getOutputFrom('validate', 'result'); return 'accepted: decision ' + r.decision.outcome + ', security score ' + r.security.score;" } } },
              { "id": "approval", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'needs approval: ' + getOutputFrom('validate', 'result').risk.reasons.join('; ');" } } },
              { "id": "rejected", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'rejected: ' + getOutputFrom('validate', 'result').failures.join('; ');" } } },
              { "id": "unmeasured", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'unmeasured: ' + getOutputFrom('validate', 'result').unmeasurable;" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "assess", "port": "In" } },
              { "source": { "activity": "assess", "port": "Done" }, "target": { "activity": "create", "port": "In" } },
              { "source": { "activity": "create", "port": "Done" }, "target": { "activity": "edited", "port": "In" } },
              { "source": { "activity": "edited", "port": "Done" }, "target": { "activity": "validate", "port": "In" } },
              { "source": { "activity": "validate", "port": "Accepted" }, "target": { "activity": "accepted", "port": "In" } },
              { "source": { "activity": "validate", "port": "NeedsApproval" }, "target": { "activity": "approval", "port": "In" } },
              { "source": { "activity": "validate", "port": "Rejected" }, "target": { "activity": "rejected", "port": "In" } },
              { "source": { "activity": "validate", "port": "Unmeasured" }, "target": { "activity": "unmeasured", "port": "In" } }
            ]
          }
        }
        """;

    private const string Fixed = """
        'use strict';

        /** Upper-cases the first letter of a word. */
        function capitalize(word) {
          if (word.length === 0) return word;
          return word[0].toUpperCase() + word.slice(1);
        }

        /** Reverses a string. */
        function reverse(text) {
          return text.split('').reverse().join('');
        }

        /** Counts the words in a sentence (runs of non-space characters). */
        function wordCount(sentence) {
          return sentence.split(' ').filter((w) => w.length > 0).length;
        }

        module.exports = { capitalize, reverse, wordCount };

        """;

    private readonly RecordingSink _sink = new();

    private async Task<(WorkflowInstance Done, DecisionStore Decisions)> ValidateAsync(string content, Action<string>? prepareRepository = null, Action<string>? alsoChange = null)
    {
        using var sample = SampleRepository.Create("node-strings");
        prepareRepository?.Invoke(sample.Path);
        var folder = System.IO.Path.GetDirectoryName(sample.Path)!;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cycle:DatabasePath"] = System.IO.Path.Combine(folder, "cycle.db"),
            ["Assessment:CheckDependencies"] = "false",
            ["SelfModification:WorktreeRoot"] = System.IO.Path.Combine(folder, "worktrees"),
        }).Build();
        var host = await EngineHost.OpenAsync(folder, configure: services =>
        {
            services.AddImprovementCycle(config, AgentRepository.Root);
            services.AddSelfModification(config.GetSection(SelfModificationOptions.SectionName), folder);
            services.AddValidationGates(config.GetSection(ValidationOptions.SectionName));
            services.AddSecurityScanning(config.GetSection(ScanningOptions.SectionName));
            services.AddSafetyDecisions(config.GetSection(DecisionsOptions.SectionName), System.IO.Path.Combine(folder, "agent.db"));
            services.AddSingleton<ISafetyEventSink>(_sink);
        });
        await using (host)
        {
            var started = await host.StartAsync(Json(sample.Path), new Dictionary<string, object?> { ["taskId"] = Guid.NewGuid().ToString("N") });
            Assert.AreEqual(WorkflowStatus.Suspended, started.Status, string.Join("; ", started.State.Incidents.Select(i => i.Message)));
            var worktree = (string)((Dictionary<string, object?>)started.State.ActivityOutputs["create"]["worktree"]!)["path"]!;
            await File.WriteAllTextAsync(System.IO.Path.Combine(worktree, "src", "strings.js"), content, TestContext.CancellationToken);
            alsoChange?.Invoke(worktree);

            var done = (await host.Runtime.ResumeByNameAsync("edited", null, null, TestContext.CancellationToken)).Single();

            Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
            return (done, host.Get<DecisionStore>());
        }
    }

    [TestMethod]
    public async Task A_fix_that_commits_a_real_looking_token_is_rejected_by_the_security_gate_and_the_clean_fix_is_accepted()
    {
        var token = FakeKeys.GitHub();
        var (leaky, _) = await ValidateAsync(Fixed + $"const GITHUB_TOKEN = '{token}';\n");

        var line = leaky.State.OutputLines.Last();
        StringAssert.StartsWith(line, "rejected: security: the change adds a secret (github-token) at src/strings.js:20: added ghp_… (40 chars)");
        Assert.IsFalse(line.Contains(token, StringComparison.Ordinal));
        Assert.IsTrue(leaky.State.OutputLines.Any(l => l.StartsWith("validate: security: secrets 1,", StringComparison.Ordinal)), string.Join("\n", leaky.State.OutputLines));

        var (clean, _) = await ValidateAsync(Fixed);

        Assert.AreEqual("accepted: decision allow, security score 100", clean.State.OutputLines.Last(), string.Join("\n", clean.State.OutputLines));
    }

    [TestMethod]
    public async Task A_fix_that_adds_a_dependency_with_a_known_high_severity_advisory_is_rejected_by_the_security_gate_naming_package_and_advisory()
    {
        await using var registry = VulnerableNpmRegistry.Start();
        // The target's own registry configuration (a company mirror): npm in every checkout of it asks the loopback registry.
        void PointNpmAtTheRegistry(string repo)
        {
            File.WriteAllText(System.IO.Path.Combine(repo, ".npmrc"), registry.Npmrc);
            TestGit.Run(repo, "add", ".npmrc");
            TestGit.CommitAll(repo, "registry");
        }
        void AddTheDependency(string worktree)
        {
            var package = System.IO.Path.Combine(worktree, "package.json");
            File.WriteAllText(package, File.ReadAllText(package).Replace("""
                  "scripts": {
                """, $$"""
                  "dependencies": { "{{VulnerableNpmRegistry.Package}}": "{{VulnerableNpmRegistry.Version}}" },
                  "scripts": {
                """, StringComparison.Ordinal));
            StringAssert.Contains(File.ReadAllText(package), "\"dependencies\"");
            File.WriteAllText(System.IO.Path.Combine(worktree, "package-lock.json"), registry.Lockfile("node-strings", "1.0.0"));
        }

        var (done, decisions) = await ValidateAsync(Fixed, PointNpmAtTheRegistry, AddTheDependency);
        TestContext.WriteLine(string.Join("\n", done.State.OutputLines));

        var line = done.State.OutputLines.Last();
        StringAssert.StartsWith(line, "rejected: ", string.Join("\n", done.State.OutputLines));
        var security = line.Split("; ").FirstOrDefault(l => l.Contains("security:", StringComparison.Ordinal)) ?? "";
        StringAssert.Contains(security, VulnerableNpmRegistry.Package, line);
        StringAssert.Contains(security, VulnerableNpmRegistry.AdvisoryUrl, line);
        Assert.IsFalse(line.Contains("unknown", StringComparison.OrdinalIgnoreCase), "the vulnerability data was known, not unknown: " + line);
        Assert.AreEqual(1, registry.Server.RequestsTo(VulnerableNpmRegistry.BulkPath).Count, "npm audit asked the loopback registry");
        var denied = _sink.Events.Single(e => e.Kind == SafetyEventKinds.PolicyDenied);
        Assert.AreEqual("security", denied.Data["gate"]);
        StringAssert.Contains(denied.Data["reasons"], VulnerableNpmRegistry.AdvisoryUrl, "the refusal is audited with the advisory");
        // The change was measured like any other (npm ci installed the dependency from the loopback registry): the security gate alone rejects it.
        Assert.IsTrue(done.State.OutputLines.Any(l => l.StartsWith("validate: tests 1 → 0 failing; gap closed", StringComparison.Ordinal)), string.Join("\n", done.State.OutputLines));
        Assert.IsTrue(done.State.OutputLines.Any(l => l.StartsWith("validate: security: secrets 0, vulnerable packages 1,", StringComparison.Ordinal)), string.Join("\n", done.State.OutputLines));
        Assert.AreEqual($"rejected: security: {VulnerableNpmRegistry.Package} {VulnerableNpmRegistry.Version} has a known high vulnerability ({VulnerableNpmRegistry.AdvisoryUrl}); use a fixed version.", line,
            "the security gate alone rejects it");
    }
}
