using Agent.Activities.Approvals;
using Agent.Activities.Coordination.Consensus;
using Agent.Activities.Coordination.Messaging;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Agent.Server.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// Best-of-N end to end: workflows/agent-coordinator.json in a real server on the node sample (a git repository with one
/// failing test), implementers and reviewers as real Claude CLI processes against the scripted model server (with
/// <c>./agent mcp</c> as their coordination server), the sample's real test runner as the gates' measurement, real git.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class BestOfNEndToEndTests
{
    private const string Fixed = "'use strict';\\n\\nfunction capitalize(word) {\\n  if (word.length === 0) return word;\\n  return word[0].toUpperCase() + word.slice(1);\\n}\\n\\nfunction reverse(text) {\\n  return text.split('').reverse().join('');\\n}\\n\\nfunction wordCount(sentence) {\\n  return sentence.split(' ').filter(Boolean).length;\\n}\\n\\nmodule.exports = { capitalize, reverse, wordCount };\\n";
    private const string BreaksReverse = "'use strict';\\n\\nfunction capitalize(word) {\\n  if (word.length === 0) return word;\\n  return word[0].toUpperCase() + word.slice(1);\\n}\\n\\nfunction reverse(text) {\\n  return text;\\n}\\n\\nfunction wordCount(sentence) {\\n  return sentence.split(' ').filter(Boolean).length;\\n}\\n\\nmodule.exports = { capitalize, reverse, wordCount };\\n";
    private const string DeletesTheTest = "'use strict';\\n\\nconst test = require('node:test');\\nconst assert = require('node:assert/strict');\\nconst { capitalize, reverse } = require('../src/strings');\\n\\ntest('capitalize upper-cases the first letter', () => {\\n  assert.equal(capitalize('hello'), 'Hello');\\n});\\n\\ntest('reverse reverses the characters', () => {\\n  assert.equal(reverse('abc'), 'cba');\\n});\\n";

    // Six Claude processes, each a few turns, and three measurements of the sample: well under this on a quiet machine.
    private const int WaitMs = 240_000;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    // Implementer n (its prompt names its task, "<round>-c<n>.") reads both files and writes the n-th change in one
    // turn (Write needs a Read first; the CLI runs the reads before the write): one correct fix, one that breaks
    // reverse, one that deletes the failing test. Reviewers answer with a bare verdict (one survivor), in the order given.
    private static string Script(string[] writes, string[] verdicts)
    {
        static string Write(string content) => content.StartsWith("'use strict';\\n\\nconst test", StringComparison.Ordinal)
            ? $$$"""{ "name": "Write", "input": { "file_path": "{{cwd}}/test/strings.test.js", "content": "{{{content}}}" } }"""
            : $$$"""{ "name": "Write", "input": { "file_path": "{{cwd}}/src/strings.js", "content": "{{{content}}}" } }""";
        var rules = new List<string>
        {
            """{ "match": { "turn": 2 }, "respond": { "text": "done: the change is in the working tree" } }""",
        };
        rules.AddRange(verdicts.Select(v => $$"""{ "match": { "promptContains": "You are a reviewer" }, "times": 1, "respond": { "text": "{{v}}" } }"""));
        rules.AddRange(writes.Select((w, i) => $$$"""
            { "match": { "promptContains": "-c{{{i + 1}}}." }, "respond": { "toolUse": [
              { "name": "Read", "input": { "file_path": "{{cwd}}/src/strings.js" } },
              { "name": "Read", "input": { "file_path": "{{cwd}}/test/strings.test.js" } },
              {{{Write(w)}}} ] } }
            """));
        rules.Add("""{ "respond": { "text": "ok" } }""");
        return $$"""{ "rules": [ {{string.Join(",\n", rules)}} ] }""";
    }

    private static string Verdict(string verdict, double score, string reason) =>
        $$"""{\"verdict\":\"{{verdict}}\",\"score\":{{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}},\"reasons\":[\"{{reason}}\"]}""";

    private sealed record World(CliHarness Cli, ScriptedModelServer Model, string Target, WebApplication Server, ConsensusStore Store) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.StopAsync(CancellationToken.None);
            await Server.DisposeAsync();
            await Model.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Cli.Dispose();
        }
    }

    private async Task<World> StartAsync(string script, int implementers, int reviewers)
    {
        var (built, _, buildError) = await AgentWrapper.RunAsync(["--help"], null, Token);
        Assert.AreEqual(0, built, buildError);
        var model = new ScriptedModelServer(ScriptLoader.Parse(script));
        var url = await model.StartAsync(Token);
        var cli = new CliHarness();
        foreach (var (key, value) in cli.ModelSettings(url)) cli.With(key, value);
        var target = SampleRepository.CopyAsRepository("node-strings", Path.Combine(cli.Folder + "-targets", "node-strings"));
        cli.With("Coordination:McpCommand", "bash").With("Coordination:McpArguments:0", Path.Combine(AgentRepository.Root, "agent"))
            .With("Coordination:McpEnvironment:AGENT_Agent__DataDirectory", Path.Combine(cli.Folder, ".data"))
            .With("Coordination:MaxGaps", "1").With("Coordination:LeaseSweepInterval", "00:00:00.500")
            .With("Coordination:Consensus:Implementers", implementers.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Coordination:Consensus:Reviewers", reviewers.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Assessment:CheckDependencies", "false").With("Server:ClaudeJobPollInterval", "00:00:00.200").With("Cycle:TargetRepository", target)
            .With("Claude:RepositoryRoot", AgentRepository.Root).With("Plan:TemplatesDirectory", Path.Combine(AgentRepository.Root, "prompts"));
        foreach (var file in new[] { "agent-worker.json", "consensus-review.json", "best-of-n.json", "agent-coordinator.json" })
        {
            var imported = await cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", file));
            Assert.AreEqual(0, imported.ExitCode, $"{file}: {imported}");
        }
        var server = AgentServer.Build(cli.ServerSettings());
        await server.StartAsync(Token);
        var store = new ConsensusStore(new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db")), TimeProvider.System);
        return new World(cli, model, target, server, store);
    }

    private async Task<WorkflowInstance> StartCoordinatorAsync(World world)
    {
        var definition = await world.Server.Services.GetRequiredService<WorkflowDefinitionService>().GetAsync("agent-coordinator", VersionOptions.Published, Token);
        var instance = await world.Server.Services.GetRequiredService<WorkflowRuntime>()
            .StartAsync(definition, new StartWorkflowOptions { Input = new Dictionary<string, object?> { ["targetPath"] = world.Target } }, Token);
        Assert.AreNotEqual(WorkflowStatus.Faulted, instance.Status, string.Join("; ", instance.State.Incidents.Select(i => i.Message)) + "\n" + string.Join("\n", instance.State.OutputLines));
        return instance;
    }

    private async Task<ConsensusRound> UntilAsync(World world, Func<ConsensusRound, bool> done, string what, string instanceId)
    {
        ConsensusRound? round = null;
        for (var waited = 0; waited < WaitMs; waited += 500)
        {
            round = (await world.Store.ListAsync(null, 1, Token)).FirstOrDefault();
            if (round is not null && done(round)) return round;
            await Task.Delay(500, Token);
        }
        var instances = world.Server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var instance = await instances.FindAsync(instanceId, Token);
        var others = string.Join("\n", (await instances.ListAsync(new InstanceQuery(), Token)).Where(i => i.Id != instanceId)
            .Select(i => $"{i.Id} {i.Status}: {string.Join(" | ", i.State.OutputLines.TakeLast(5))} {string.Join("; ", i.State.Incidents.Select(x => x.Message))} bookmarks: {string.Join(",", i.State.Bookmarks.Select(b => b.Name))}"));
        Assert.Fail($"{what} did not happen in {WaitMs / 1000} s; round: {round?.Status} {round?.Selection} {round?.Outcome}; coordinator {instance?.Status}: "
            + string.Join("\n", instance?.State.OutputLines ?? []) + "\n" + string.Join("; ", instance?.State.Incidents.Select(i => i.Message) ?? [])
            + $"\nmodel requests: {world.Model.Log.MessagesRequests.Count} (rules {string.Join(",", world.Model.Log.MessagesRequests.Select(r => r.RuleIndex))})\nother instances:\n{others}");
        return null!;
    }

    private static string[] CommitsSince(string target, string since) =>
        TestGit.Run(target, "log", "--format=%H %s", $"{since}..HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [TestMethod]
    public async Task Three_implementers_the_gates_drop_two_the_reviewers_approve_the_survivor_and_exactly_one_commit_lands()
    {
        var approve = Verdict("approve", 0.9, "fixes wordCount without touching the tests");
        await using var world = await StartAsync(Script([Fixed, BreaksReverse, DeletesTheTest], [approve, approve]), implementers: 3, reviewers: 2);
        var before = TestGit.Head(world.Target);

        var coordinator = await StartCoordinatorAsync(world);
        var round = await UntilAsync(world, r => r.Status == RoundStatuses.Closed, "the round closing", coordinator.Id);

        var candidates = await world.Store.CandidatesAsync(round.Id, Token);
        var verdicts = await world.Store.VerdictsAsync(round.Id, Token);
        var summary = ConsensusSummary.Text(round, candidates, verdicts);
        Assert.AreEqual("Selected", round.Selection, summary + $"\nrules: {string.Join(",", world.Model.Log.MessagesRequests.Select(r => r.RuleIndex))}");
        Assert.AreEqual("Merged", round.Outcome, summary);
        Assert.HasCount(3, candidates, summary);
        Assert.IsTrue(candidates.All(c => c.Gated && c.Implementer is { Length: > 0 }), summary);
        var survivor = candidates.Single(c => c.GatesPassed == true);
        Assert.AreEqual(survivor.Id, round.SelectedCandidate);
        var failures = candidates.Where(c => c.GatesPassed == false).SelectMany(c => c.GateFailures).ToList();
        Assert.IsTrue(failures.Any(f => f.StartsWith("no-new-failing-test", StringComparison.Ordinal)), summary);
        Assert.IsTrue(failures.Any(f => f.StartsWith("no-test-removed", StringComparison.Ordinal)), summary);
        Assert.HasCount(2, verdicts, summary);
        Assert.IsTrue(verdicts.All(v => v.CandidateId == survivor.Id && v.Verdict == VerdictKinds.Approve), summary);
        var commits = CommitsSince(world.Target, before);
        Assert.HasCount(1, commits, string.Join("\n", commits));
        Assert.AreEqual(round.MergedCommit, commits[0].Split(' ')[0]);
        StringAssert.Contains(await File.ReadAllTextAsync(Path.Combine(world.Target, "src", "strings.js"), Token), "filter(Boolean)");

        // The coordinator finishes the cycle: its summary lists the round with its candidates, verdicts and reasoning.
        var instances = world.Server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var finished = await instances.FindAsync(coordinator.Id, Token);
        for (var waited = 0; waited < 60_000 && finished!.Status != WorkflowStatus.Finished; waited += 200)
        {
            await Task.Delay(200, Token);
            finished = await instances.FindAsync(coordinator.Id, Token);
        }
        Assert.AreEqual(WorkflowStatus.Finished, finished!.Status, string.Join("\n", finished.State.OutputLines) + string.Join("; ", finished.State.Incidents.Select(i => i.Message)));
        // The round closes before the losing candidates are discarded, so the branches are checked once the cycle is over.
        Assert.AreEqual("", TestGit.Run(world.Target, "branch", "--list", "agent/*").Trim(), "every candidate branch is gone");
        var cycle = System.Text.Json.JsonSerializer.SerializeToElement(finished.State.Variables["summary"]);
        Assert.AreEqual("merged", cycle.GetProperty("outcome").GetString(), cycle.ToString());
        var summarized = cycle.GetProperty("consensus").EnumerateArray().Single();
        Assert.AreEqual(round.Id, summarized.GetProperty("round").GetString());
        Assert.AreEqual(3, summarized.GetProperty("candidates").GetArrayLength());
        Assert.AreEqual(round.Reasoning.Count, summarized.GetProperty("reasoning").GetArrayLength());
        Assert.IsTrue(finished.State.OutputLines.Any(l => l.StartsWith($"consensus {round.Id}", StringComparison.Ordinal)), string.Join("\n", finished.State.OutputLines));
        var registry = new AgentRegistry(new CoordinationDatabase(Path.Combine(world.Cli.Folder, ".data", "coordination.db")), TimeProvider.System);
        Assert.AreEqual(AgentStatuses.Stopped, (await registry.FindAsync("coordinator-" + round.CycleId, Token))!.Status, "the coordinator marks itself stopped");
    }

    [TestMethod]
    public async Task Reviewers_who_disagree_send_the_candidate_to_a_human_and_an_approval_through_the_cli_merges_it()
    {
        await using var world = await StartAsync(Script([Fixed],
            [Verdict("approve", 0.8, "correct"), Verdict("reject", 0.3, "I would rather see trim")]), implementers: 1, reviewers: 2);
        var before = TestGit.Head(world.Target);

        var coordinator = await StartCoordinatorAsync(world);
        var round = await UntilAsync(world, r => r.Selection is not null, "the selection", coordinator.Id);
        Assert.AreEqual("NeedsHuman", round.Selection, string.Join("\n", round.Reasoning));
        string? approvalId = null;
        for (var waited = 0; waited < 30_000 && approvalId is null; waited += 200)
        {
            approvalId = (await world.Server.Services.GetRequiredService<IWorkflowInstanceStore>().FindBookmarksAsync(HumanApproval.BookmarkName, null, Token)).FirstOrDefault()?.Id;
            if (approvalId is null) await Task.Delay(200, Token);
        }
        Assert.IsNotNull(approvalId, "the coordinator waits for a human");
        Assert.HasCount(0, CommitsSince(world.Target, before), "nothing lands before the human decides");

        var approved = await world.Cli.RunAsync("approve", approvalId, "--by", "ada", "--comment", "the split is fine");

        Assert.AreEqual(0, approved.ExitCode, approved.ToString());
        round = await UntilAsync(world, r => r.Status == RoundStatuses.Closed, "the round closing", coordinator.Id);
        Assert.AreEqual("Merged", round.Outcome);
        Assert.HasCount(1, CommitsSince(world.Target, before));
        var verdicts = await world.Store.VerdictsAsync(round.Id, Token);
        CollectionAssert.AreEquivalent(new[] { VerdictKinds.Approve, VerdictKinds.Reject }, verdicts.Select(v => v.Verdict).ToList());
    }

    [TestMethod]
    public async Task A_reviewer_answering_prose_abstains_without_a_crash_the_missing_quorum_goes_to_a_human_and_a_rejection_discards()
    {
        await using var world = await StartAsync(Script([Fixed], ["LGTM, ship it!", Verdict("approve", 0.8, "correct")]), implementers: 1, reviewers: 2);
        var before = TestGit.Head(world.Target);

        var coordinator = await StartCoordinatorAsync(world);
        var round = await UntilAsync(world, r => r.Selection is not null, "the selection", coordinator.Id);
        Assert.AreEqual("NeedsHuman", round.Selection, string.Join("\n", round.Reasoning));
        StringAssert.Contains(string.Join("\n", round.Reasoning), "no quorum");
        var verdicts = await world.Store.VerdictsAsync(round.Id, Token);
        var abstained = verdicts.Single(v => v.Verdict == VerdictKinds.Abstain);
        StringAssert.Contains(abstained.AbstainReason, "not JSON");
        string? approvalId = null;
        for (var waited = 0; waited < 30_000 && approvalId is null; waited += 200)
        {
            approvalId = (await world.Server.Services.GetRequiredService<IWorkflowInstanceStore>().FindBookmarksAsync(HumanApproval.BookmarkName, null, Token)).FirstOrDefault()?.Id;
            if (approvalId is null) await Task.Delay(200, Token);
        }
        Assert.IsNotNull(approvalId, "the coordinator waits for a human");

        var rejected = await world.Cli.RunAsync("reject", approvalId, "--by", "ada", "--comment", "one review is not enough");

        Assert.AreEqual(0, rejected.ExitCode, rejected.ToString());
        round = await UntilAsync(world, r => r.Status == RoundStatuses.Closed, "the round closing", coordinator.Id);
        Assert.AreEqual("HumanRejected", round.Outcome);
        Assert.HasCount(0, CommitsSince(world.Target, before), "nothing landed");
        Assert.AreEqual("", TestGit.Run(world.Target, "branch", "--list", "agent/*").Trim(), "the candidate was discarded");
    }

    [TestMethod]
    public async Task A_policy_that_requires_approval_sends_the_reviewers_choice_to_a_human_and_nothing_lands_before()
    {
        await using var world = await StartAsync(Script([Fixed], [Verdict("approve", 0.9, "correct"), Verdict("approve", 0.8, "fine")]), implementers: 1, reviewers: 2);
        await File.WriteAllTextAsync(Path.Combine(world.Target, "agent.policy.yaml"), """
            version: 1
            rules:
              - id: four-eyes
                match: { action: merge }
                effect: require-approval
                reason: a person signs off every merge here
            """, Token);
        TestGit.Run(world.Target, "add", "agent.policy.yaml");
        TestGit.Run(world.Target, "commit", "-q", "-m", "four eyes");
        var before = TestGit.Head(world.Target);

        var coordinator = await StartCoordinatorAsync(world);
        var round = await UntilAsync(world, r => r.Selection is not null, "the selection", coordinator.Id);
        Assert.AreEqual("Selected", round.Selection, string.Join("\n", round.Reasoning));
        Bookmark? approval = null;
        for (var waited = 0; waited < 60_000 && approval is null; waited += 200)
        {
            approval = (await world.Server.Services.GetRequiredService<IWorkflowInstanceStore>().FindBookmarksAsync(HumanApproval.BookmarkName, null, Token)).FirstOrDefault();
            if (approval is null) await Task.Delay(200, Token);
        }
        Assert.IsNotNull(approval, "the policy's rule sends the reviewers' choice to a human");
        var payload = System.Text.Json.JsonSerializer.Serialize(approval.Payload);
        StringAssert.Contains(payload, "the change is risky");
        StringAssert.Contains(payload, "four-eyes", "the approval names the rule");
        Assert.HasCount(0, CommitsSince(world.Target, before), "nothing lands before the human decides");

        var rejected = await world.Cli.RunAsync("reject", approval.Id, "--by", "ada", "--comment", "not this week");

        Assert.AreEqual(0, rejected.ExitCode, rejected.ToString());
        round = await UntilAsync(world, r => r.Status == RoundStatuses.Closed, "the round closing", coordinator.Id);
        Assert.AreEqual("HumanRejected", round.Outcome);
        Assert.HasCount(0, CommitsSince(world.Target, before));
    }
}
