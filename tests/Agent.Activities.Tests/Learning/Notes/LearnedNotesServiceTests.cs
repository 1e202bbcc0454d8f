using Agent.Activities.Learning.Notes;

namespace Agent.Activities.Tests.Learning.Notes;

/// <summary>The notes rendered from a real knowledge base (SQLite) into a real folder.</summary>
[TestClass]
public sealed class LearnedNotesServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task An_empty_knowledge_base_writes_no_file()
    {
        await using var kb = new NotesKnowledge();
        var checkout = Directory.CreateDirectory(Path.Combine(kb.Folder, "checkout")).FullName;

        var update = await kb.Get<LearnedNotesService>().UpdateAsync(checkout, cancellationToken: Token);

        Assert.IsFalse(update.Changed);
        Assert.AreEqual(0, update.Items);
        Assert.IsEmpty(Directory.GetFileSystemEntries(checkout));
    }

    [TestMethod]
    public async Task What_was_learned_is_written_once_and_an_update_without_new_knowledge_changes_nothing()
    {
        await using var kb = new NotesKnowledge();
        await kb.LearnAsync(Token);
        var checkout = Directory.CreateDirectory(Path.Combine(kb.Folder, "checkout")).FullName;
        var service = kb.Get<LearnedNotesService>();

        var first = await service.UpdateAsync(checkout, cancellationToken: Token);
        var text = await File.ReadAllTextAsync(Path.Combine(checkout, "CLAUDE.md"), Token);
        var second = await service.UpdateAsync(checkout, cancellationToken: Token);

        Assert.IsTrue(first.Changed);
        Assert.AreEqual(3, first.Items);
        StringAssert.Contains(text, "- `CS0103` <path>(<n>,<n>): error CS0103: The name 'total' does not exist in the current context\n  - Fix (worked once, failed 0 times): declare 'total' before the loop in Calc.Sum\n");
        StringAssert.Contains(text, "- remove-warning: `rewrite-file` failed 3 times and succeeded 0 times; take another approach.");
        StringAssert.Contains(text, "- add-docs: `template:add-docs` succeeded 3 of 3 attempts (mean improvement 1.5).");
        Assert.IsFalse(second.Changed, "no new knowledge: the file stays byte-identical");
        Assert.AreEqual(text, await File.ReadAllTextAsync(Path.Combine(checkout, "CLAUDE.md"), Token));
    }

    [TestMethod]
    public async Task Approaches_below_the_support_threshold_or_the_failure_limit_are_not_listed()
    {
        await using var kb = new NotesKnowledge();
        await kb.LearnAsync(Token, docsSuccesses: 2, buildFailures: 2);
        var checkout = Directory.CreateDirectory(Path.Combine(kb.Folder, "checkout")).FullName;

        var update = await kb.Get<LearnedNotesService>().UpdateAsync(checkout, cancellationToken: Token);

        var text = await File.ReadAllTextAsync(update.FilePath, Token);
        Assert.AreEqual(1, update.Items, text);
        Assert.DoesNotContain("Approaches", text);
    }

    [TestMethod]
    public async Task A_fix_is_listed_while_it_worked_at_least_as_often_as_it_failed()
    {
        await using var kb = new NotesKnowledge();
        var errors = kb.Get<Agent.Activities.Learning.Errors.ErrorDatabase>();
        var id = await errors.RecordAsync(new Agent.Activities.Learning.Errors.ErrorObservation("error TS2304: Cannot find name 'sum'", "build"), Token);
        var checkout = Directory.CreateDirectory(Path.Combine(kb.Folder, "checkout")).FullName;
        var service = kb.Get<LearnedNotesService>();
        await errors.RecordSolutionAsync(id, "import sum from ./math", worked: false, byAgent: true, NotesKnowledge.Origin, cancellationToken: Token);
        Assert.AreEqual(0, (await service.UpdateAsync(checkout, cancellationToken: Token)).Items, "a fix that never worked is not a fix");

        await errors.RecordSolutionAsync(id, "import sum from ./math", worked: true, byAgent: true, NotesKnowledge.Origin, cancellationToken: Token);
        var even = await service.UpdateAsync(checkout, cancellationToken: Token);
        StringAssert.Contains(await File.ReadAllTextAsync(even.FilePath, Token), "Fix (worked once, failed once): import sum from ./math");

        await errors.RecordSolutionAsync(id, "import sum from ./math", worked: false, byAgent: true, NotesKnowledge.Origin, cancellationToken: Token);
        var worse = await service.UpdateAsync(checkout, cancellationToken: Token);
        Assert.IsTrue(worse.Changed, "the block is taken out again");
        Assert.AreEqual("", await File.ReadAllTextAsync(worse.FilePath, Token), "failed more often than it worked: no longer listed");
    }

    [TestMethod]
    public async Task Disabled_notes_write_nothing_and_another_file_name_is_used_when_configured()
    {
        await using var off = new NotesKnowledge(new() { ["Enabled"] = "false" });
        await off.LearnAsync(Token);
        var checkout = Directory.CreateDirectory(Path.Combine(off.Folder, "checkout")).FullName;
        var skipped = await off.Get<LearnedNotesService>().UpdateAsync(checkout, cancellationToken: Token);
        Assert.IsFalse(skipped.Changed);
        StringAssert.Contains(skipped.Skipped, "Learning:Notes:Enabled");
        Assert.IsEmpty(Directory.GetFileSystemEntries(checkout));

        await using var named = new NotesKnowledge(new() { ["FileName"] = "docs/AGENT-NOTES.md", ["MaxItems"] = "1" });
        await named.LearnAsync(Token);
        var other = Directory.CreateDirectory(Path.Combine(named.Folder, "checkout")).FullName;
        var update = await named.Get<LearnedNotesService>().UpdateAsync(other, cancellationToken: Token);
        Assert.IsTrue(update.Changed);
        Assert.AreEqual(Path.Combine(other, "docs", "AGENT-NOTES.md"), update.FilePath);
        Assert.IsFalse(File.Exists(Path.Combine(other, "CLAUDE.md")));
    }
}
