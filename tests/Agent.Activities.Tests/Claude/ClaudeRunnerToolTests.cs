using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>Edit and Bash turns through the runner, the real CLI and the scripted model server.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeRunnerToolTests
{
    // The CLI's Edit refuses a file it has not read in this session, so the script reads it first, as a model would.
    private const string EditScript = """
        { "rules": [
          { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "Read", "input": { "file_path": "{{cwd}}/greeting.txt" } } ] } },
          { "match": { "turn": 2 }, "respond": { "text": "Editing.", "toolUse": [ { "name": "Edit", "input": { "file_path": "{{cwd}}/greeting.txt", "old_string": "hello world", "new_string": "hello runner" } } ] } },
          { "match": { "turn": 3 }, "respond": { "text": "Edited." } } ] }
        """;

    private const string BashScript = """
        { "rules": [
          { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "Bash", "input": { "command": "echo hi > out.txt", "description": "write out.txt" } } ] } },
          { "match": { "turn": 2 }, "respond": { "text": "Ran it." } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task An_Edit_turn_with_acceptEdits_changes_the_existing_file_as_scripted()
    {
        await using var box = await RunnerSandbox.StartAsync(EditScript, Token);
        var path = Path.Combine(box.WorkingDirectory, "greeting.txt");
        await File.WriteAllTextAsync(path, "first line\nhello world\nlast line\n", Token);
        var events = new EventRecorder();

        var result = await box.Runner.RunAsync(box.Request("change the greeting") with { PermissionMode = ClaudePermissionModes.AcceptEdits }, events, Token);

        Assert.IsTrue(result.IsSuccess, $"{result.Error}\n{result.StderrTail}");
        Assert.AreEqual("Edited.", result.Text);
        Assert.IsTrue(result.MadeEdits);
        Assert.AreEqual("first line\nhello runner\nlast line\n", await File.ReadAllTextAsync(path, Token));
        CollectionAssert.AreEqual(new[] { "Read", "Edit" }, events.Events.OfType<ToolUseEvent>().Select(e => e.Name).ToList());
        Assert.HasCount(3, box.Server.Log.MessagesRequests);
    }

    [TestMethod]
    public async Task A_Bash_turn_runs_the_command_and_its_effect_is_visible()
    {
        await using var box = await RunnerSandbox.StartAsync(BashScript, Token);
        var events = new EventRecorder();

        var result = await box.Runner.RunAsync(box.Request("write hi") with { PermissionMode = ClaudePermissionModes.BypassPermissions }, events, Token);

        Assert.IsTrue(result.IsSuccess, $"{result.Error}\n{result.StderrTail}");
        Assert.AreEqual("Ran it.", result.Text);
        Assert.AreEqual("hi\n", await File.ReadAllTextAsync(Path.Combine(box.WorkingDirectory, "out.txt"), Token));
        Assert.AreEqual("Bash", events.Events.OfType<ToolUseEvent>().Single().Name);
        Assert.IsNotEmpty(events.Events.OfType<ToolResultEvent>().ToList());
    }
}
