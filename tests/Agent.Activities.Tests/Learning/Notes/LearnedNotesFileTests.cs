using System.Text;
using Agent.Activities.Learning.Notes;

namespace Agent.Activities.Tests.Learning.Notes;

[TestClass]
public sealed class LearnedNotesFileTests
{
    private const string Block = LearnedNotesBlock.BeginMarker + "\n## What the agent learned\n- one\n" + LearnedNotesBlock.EndMarker;
    private const string Newer = LearnedNotesBlock.BeginMarker + "\n## What the agent learned\n- one\n- two\n" + LearnedNotesBlock.EndMarker;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private string NotesPath => Path.Combine(_folder, "CLAUDE.md");

    [TestInitialize]
    public void Create() => _folder = TempFolder.Create("agent-notes-tests");

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private Task<bool> WriteAsync(string block) => LearnedNotesFile.WriteAsync(NotesPath, block, TestContext.CancellationToken);

    [TestMethod]
    public async Task A_missing_file_is_created_with_the_block_but_only_when_there_is_one()
    {
        Assert.IsFalse(await WriteAsync(""));
        Assert.IsFalse(File.Exists(NotesPath), "nothing learned: no file");

        Assert.IsTrue(await WriteAsync(Block));
        Assert.AreEqual(Block + "\n", await File.ReadAllTextAsync(NotesPath, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task The_block_is_appended_then_replaced_and_the_user_s_bytes_outside_it_stay_as_they_were()
    {
        // A byte order mark, CRLF line ends and no final line break: all the user's, all kept.
        var before = "\uFEFF# Project rules\r\n\r\nUse tabs.\r\nNever push on Fridays.";
        await File.WriteAllBytesAsync(NotesPath, Encoding.UTF8.GetBytes(before), TestContext.CancellationToken);

        Assert.IsTrue(await WriteAsync(Block));
        var appended = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(NotesPath, TestContext.CancellationToken));
        Assert.AreEqual(before + "\n\n" + Block + "\n", appended);

        // The user adds a line after the block; the next update replaces only the block.
        await File.AppendAllTextAsync(NotesPath, "Added later by hand.\r\n", TestContext.CancellationToken);
        Assert.IsTrue(await WriteAsync(Newer));
        var replaced = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(NotesPath, TestContext.CancellationToken));
        Assert.AreEqual(before + "\n\n" + Newer + "\nAdded later by hand.\r\n", replaced);
    }

    [TestMethod]
    public async Task The_same_block_again_changes_nothing_and_writes_nothing()
    {
        await File.WriteAllTextAsync(NotesPath, "# Rules\n\n" + Block + "\n", TestContext.CancellationToken);
        var written = File.GetLastWriteTimeUtc(NotesPath);
        File.SetLastWriteTimeUtc(NotesPath, written.AddHours(-1));

        Assert.IsFalse(await WriteAsync(Block));
        Assert.AreEqual(written.AddHours(-1), File.GetLastWriteTimeUtc(NotesPath), "the file was not rewritten");
    }

    [TestMethod]
    public async Task An_empty_block_removes_the_old_one_and_keeps_the_rest()
    {
        await File.WriteAllTextAsync(NotesPath, "# Rules\n\n" + Block + "\nEnd.\n", TestContext.CancellationToken);

        Assert.IsTrue(await WriteAsync(""));
        Assert.AreEqual("# Rules\n\nEnd.\n", await File.ReadAllTextAsync(NotesPath, TestContext.CancellationToken));
    }

    [TestMethod]
    [DataRow("# Rules\n" + LearnedNotesBlock.BeginMarker + "\n- old\n", "without '" + LearnedNotesBlock.EndMarker + "'")]
    [DataRow("# Rules\n- old\n" + LearnedNotesBlock.EndMarker + "\n", "without '" + LearnedNotesBlock.BeginMarker + "'")]
    [DataRow(LearnedNotesBlock.BeginMarker + "\n" + LearnedNotesBlock.BeginMarker + "\n" + LearnedNotesBlock.EndMarker + "\n", "has 2 '" + LearnedNotesBlock.BeginMarker + "' markers")]
    [DataRow(LearnedNotesBlock.EndMarker + "\n- old\n" + LearnedNotesBlock.BeginMarker + "\n", "before")]
    public async Task Broken_markers_are_a_clear_error_and_the_file_is_untouched(string content, string problem)
    {
        await File.WriteAllTextAsync(NotesPath, content, TestContext.CancellationToken);
        var bytes = await File.ReadAllBytesAsync(NotesPath, TestContext.CancellationToken);

        var error = await Assert.ThrowsExactlyAsync<LearnedNotesFileException>(() => WriteAsync(Block));

        StringAssert.Contains(error.Message, "CLAUDE.md");
        StringAssert.Contains(error.Message, problem);
        StringAssert.Contains(error.Message, "left unchanged");
        CollectionAssert.AreEqual(bytes, await File.ReadAllBytesAsync(NotesPath, TestContext.CancellationToken));
        CollectionAssert.AreEqual(new[] { "CLAUDE.md" }, Directory.GetFiles(_folder).Select(Path.GetFileName).ToArray(), "no temporary file is left");
    }

    [TestMethod]
    public async Task A_file_that_is_not_utf8_is_an_error_and_untouched()
    {
        byte[] latin1 = [(byte)'c', 0xE9, (byte)'\n'];
        await File.WriteAllBytesAsync(NotesPath, latin1, TestContext.CancellationToken);

        var error = await Assert.ThrowsExactlyAsync<LearnedNotesFileException>(() => WriteAsync(Block));

        StringAssert.Contains(error.Message, "not UTF-8");
        CollectionAssert.AreEqual(latin1, await File.ReadAllBytesAsync(NotesPath, TestContext.CancellationToken));
    }
}
