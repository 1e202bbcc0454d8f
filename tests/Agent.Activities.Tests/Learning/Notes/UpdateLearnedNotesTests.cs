using Agent.Activities.Learning;
using Agent.Activities.Learning.Notes;
using Agent.Activities.Tests.Approvals;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.SelfModification;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Learning.Notes;

/// <summary>CreateWorktree → (the test edits, then resumes) → UpdateLearnedNotes on the real engine, real git and a real knowledge base.</summary>
[TestClass]
public sealed class UpdateLearnedNotesTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Json(string repo) => $$"""
        {
          "definitionId": "notes-chain", "version": 1,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "create", "type": "Agent.CreateWorktree",
                "targetRepository": { "typeName": "String", "expression": { "type": "Literal", "value": "{{repo}}" } },
                "taskId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('taskId');" } },
                "gap": { "typeName": "String", "expression": { "type": "Literal", "value": "fix-build:CS0103" } } },
              { "id": "edited", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "edited" } } },
              { "id": "notes", "type": "Agent.UpdateLearnedNotes",
                "worktree": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return getOutputFrom('create', 'worktree');" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "create", "port": "In" } },
              { "source": { "activity": "create", "port": "Done" }, "target": { "activity": "edited", "port": "In" } },
              { "source": { "activity": "edited", "port": "Done" }, "target": { "activity": "notes", "port": "In" } }
            ]
          }
        }
        """;

    private static Task<EngineHost> OpenAsync(TempGitRepository repo, NotesKnowledge kb) => EngineHost.OpenAsync(repo.Root, configure: services =>
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WorktreeRoot"] = repo.Options.WorktreeRoot }).Build();
        services.AddSelfModification(config, repo.Root);
        // A second knowledge-base service on the sandbox's file, as a second process would open it.
        services.AddLearning(o => o.DatabasePath = kb.DatabasePath);
        services.AddLearnedNotes(new ConfigurationBuilder().Build());
    });

    /// <summary>Starts the chain, lets <paramref name="edit"/> change the worktree (or not), resumes, and returns the finished instance.</summary>
    private async Task<(WorkflowInstance Done, string Worktree)> RunAsync(EngineHost host, TempGitRepository repo, string taskId, Action<string> edit)
    {
        var started = await host.StartAsync(Json(repo.Path_), new Dictionary<string, object?> { ["taskId"] = taskId });
        var path = (string)((Dictionary<string, object?>)started.State.ActivityOutputs["create"]["worktree"]!)["path"]!;
        edit(path);
        var done = (await host.Runtime.ResumeByNameAsync("edited", null, null, TestContext.CancellationToken)).Single();
        return (done, path);
    }

    [TestMethod]
    public async Task The_descriptor_names_its_category_input_and_outputs()
    {
        using var repo = new TempGitRepository();
        await using var kb = new NotesKnowledge();
        await using var host = await OpenAsync(repo, kb);

        Assert.IsTrue(host.Get<ActivityRegistry>().TryGet("Agent.UpdateLearnedNotes", out var registered));
        Assert.AreEqual("Learning", registered.Descriptor.Category);
        CollectionAssert.AreEquivalent(new[] { "worktree" }, registered.Descriptor.Inputs.Select(i => i.Name).ToList());
        CollectionAssert.AreEquivalent(new[] { "changed", "file" }, registered.Descriptor.Outputs.Select(o => o.Name).ToList());
    }

    [TestMethod]
    public async Task The_notes_are_written_into_the_worktree_only_never_into_the_target()
    {
        using var repo = new TempGitRepository();
        await using var kb = new NotesKnowledge();
        await kb.LearnAsync(TestContext.CancellationToken, repository: repo.Git("rev-parse", "--show-toplevel").Trim());
        await using var host = await OpenAsync(repo, kb);

        var (done, path) = await RunAsync(host, repo, "task-notes-1", path => repo.Write("src/Calc.cs", "// fixed\n", path));

        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("\n", done.State.Incidents.Select(i => i.Message)));
        Assert.IsTrue((bool)done.State.ActivityOutputs["notes"]["changed"]!);
        Assert.AreEqual(Path.Combine(path, "CLAUDE.md"), done.State.ActivityOutputs["notes"]["file"]);
        StringAssert.Contains(repo.Read("CLAUDE.md", path), "declare 'total' before the loop");
        Assert.IsFalse(File.Exists(Path.Combine(repo.Path_, "CLAUDE.md")), "the target's own checkout is untouched");
        Assert.AreEqual("", repo.Git("status", "--porcelain"), "the target's work tree is clean");
        Assert.AreEqual("M src/Calc.cs\n?? CLAUDE.md", TempGitRepository.GitIn(path, "status", "--porcelain"), "the notes wait in the worktree for the change's commit");
    }

    [TestMethod]
    public async Task Broken_markers_in_the_worktree_s_notes_leave_the_file_alone_and_the_cycle_goes_on()
    {
        using var repo = new TempGitRepository();
        var broken = "# Rules\n" + LearnedNotesBlock.BeginMarker + "\n- half a block\n";
        repo.Write("CLAUDE.md", broken);
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "notes");
        await using var kb = new NotesKnowledge();
        await kb.LearnAsync(TestContext.CancellationToken);
        await using var host = await OpenAsync(repo, kb);

        var (done, path) = await RunAsync(host, repo, "task-notes-2", path => repo.Write("src/Calc.cs", "// fixed\n", path));

        Assert.AreEqual(WorkflowStatus.Finished, done.Status);
        Assert.IsFalse((bool)done.State.ActivityOutputs["notes"]["changed"]!);
        Assert.AreEqual(broken, repo.Read("CLAUDE.md", path));
    }

    [TestMethod]
    public async Task A_worktree_without_a_change_gets_no_notes_so_they_never_make_a_commit_on_their_own()
    {
        using var repo = new TempGitRepository();
        await using var kb = new NotesKnowledge();
        await kb.LearnAsync(TestContext.CancellationToken);
        await using var host = await OpenAsync(repo, kb);

        var (done, path) = await RunAsync(host, repo, "task-notes-3", _ => { });

        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("\n", done.State.Incidents.Select(i => i.Message)));
        Assert.IsFalse((bool)done.State.ActivityOutputs["notes"]["changed"]!);
        Assert.IsFalse(File.Exists(Path.Combine(path, "CLAUDE.md")));
        Assert.AreEqual("", TempGitRepository.GitIn(path, "status", "--porcelain"));
    }
}
