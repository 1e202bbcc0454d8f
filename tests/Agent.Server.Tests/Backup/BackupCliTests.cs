using System.Text.Json;
using Agent.Server.Backup;
using Agent.Server.Serve;

namespace Agent.Server.Tests.Backup;

/// <summary>
/// <c>agent backup</c> against real SQLite files: create, list, verify, restore after the data directory is gone, and
/// refusals (damaged backup, running server, backups inside the data directory, a bad schedule) that change nothing.
/// </summary>
[TestClass]
public sealed class BackupCliTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_backup_restores_a_destroyed_data_directory_with_the_suspended_instance_and_its_bookmark()
    {
        using var world = new BackupWorld();
        var (instanceId, bookmarkId) = await world.SuspendAnInstanceAsync();
        var id = await world.CreateBackupAsync();

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(world.BackupDirectory, id, "manifest.json"))).RootElement;
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        var agentDb = files.Single(f => f.GetProperty("path").GetString() == "sqlite/agent.db");
        Assert.AreEqual(new FileInfo(Path.Combine(world.BackupDirectory, id, "sqlite", "agent.db")).Length, agentDb.GetProperty("size").GetInt64());
        Assert.AreEqual(64, agentDb.GetProperty("sha256").GetString()!.Length);
        CollectionAssert.IsSubsetOf(new[] { "files/.mcp.json", "files/agent.policy.yaml" }, files.Select(f => f.GetProperty("path").GetString()).ToList());
        Assert.AreEqual("Sqlite", manifest.GetProperty("provider").GetString());

        var list = await world.Cli.RunAsync("backup", "list", "--json");
        var listed = list.Json().EnumerateArray().Single();
        Assert.AreEqual(id, listed.GetProperty("id").GetString());
        StringAssert.StartsWith(listed.GetProperty("verified").GetString(), "ok");

        Directory.Delete(world.DataDirectory, recursive: true);
        File.Delete(Path.Combine(world.Cli.Folder, ".mcp.json"));
        var restored = await world.Cli.RunAsync("backup", "restore", "latest");
        Assert.AreEqual(0, restored.ExitCode, restored.ToString());

        var shown = (await world.Cli.RunAsync("instances", "show", instanceId, "--json")).Json();
        Assert.AreEqual("Suspended", shown.GetProperty("status").GetString());
        Assert.AreEqual(bookmarkId, shown.GetProperty("bookmarks")[0].GetProperty("id").GetString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(world.Cli.Folder, ".mcp.json")), "docs-server");
        var resumed = await world.Cli.RunAsync("resume", bookmarkId, "--json");
        Assert.AreEqual("Finished", resumed.Json().GetProperty("status").GetString(), resumed.ToString());
    }

    [TestMethod]
    [DataRow("corrupt")]
    [DataRow("truncate")]
    [DataRow("no-manifest")]
    public async Task A_damaged_backup_is_refused_with_a_clear_message_and_nothing_is_overwritten(string damage)
    {
        using var world = new BackupWorld();
        await world.SuspendAnInstanceAsync();
        var id = await world.CreateBackupAsync();
        await world.SuspendAnInstanceAsync(); // the data now differs from the backup
        var folder = Path.Combine(world.BackupDirectory, id);
        var copy = Path.Combine(folder, "sqlite", "agent.db");
        switch (damage)
        {
            case "corrupt":
                var bytes = File.ReadAllBytes(copy);
                bytes[bytes.Length / 2] ^= 0x5A;
                File.WriteAllBytes(copy, bytes);
                break;
            case "truncate":
                using (var stream = new FileStream(copy, FileMode.Open)) stream.SetLength(stream.Length - 4096);
                break;
            default:
                File.Delete(Path.Combine(folder, "manifest.json"));
                break;
        }
        var before = BackupWorld.Hashes(world.DataDirectory);
        var mcpBefore = File.ReadAllText(Path.Combine(world.Cli.Folder, ".mcp.json"));

        var verify = await world.Cli.RunAsync("backup", "verify", id);
        var restore = await world.Cli.RunAsync("backup", "restore", id);

        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.Output, "DAMAGED");
        Assert.AreEqual(2, restore.ExitCode, restore.ToString());
        StringAssert.Contains(restore.Error, $"Backup {id} is damaged and was not restored; nothing was changed.");
        StringAssert.Contains(restore.Error, damage switch { "corrupt" => "SHA-256 differs", "truncate" => "truncated", _ => "manifest.json is missing" });
        Assert.DoesNotContain("   at ", restore.Error, "no stack trace");
        CollectionAssert.AreEquivalent(before.ToList(), BackupWorld.Hashes(world.DataDirectory).ToList(), "the data directory is untouched");
        Assert.AreEqual(mcpBefore, File.ReadAllText(Path.Combine(world.Cli.Folder, ".mcp.json")));
        StringAssert.Contains((await world.Cli.RunAsync("backup", "list")).Output, "damaged");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Restore_is_refused_while_a_server_uses_the_data_directory()
    {
        using var world = new BackupWorld();
        await world.SuspendAnInstanceAsync();
        var id = await world.CreateBackupAsync();
        await using (var app = AgentServer.Build(world.Cli.ServerSettings(("Schedule:Enabled", "false"))))
        {
            await app.StartAsync(TestContext.CancellationToken);
            var before = BackupWorld.Hashes(world.DataDirectory);
            var refused = await world.Cli.RunAsync("backup", "restore", id);
            Assert.AreEqual(2, refused.ExitCode, refused.ToString());
            StringAssert.Contains(refused.Error, "A server (agent serve) is using the data directory");
            StringAssert.Contains(refused.Error, "Stop the server first");
            Assert.IsFalse(Directory.GetFiles(world.DataDirectory).Any(f => f.EndsWith(".restoring", StringComparison.Ordinal)));
            CollectionAssert.AreEquivalent(before.Keys.ToList(), BackupWorld.Hashes(world.DataDirectory).Keys.ToList());
            await app.StopAsync(TestContext.CancellationToken);
        }
        var restored = await world.Cli.RunAsync("backup", "restore", id);
        Assert.AreEqual(0, restored.ExitCode, "once the server stopped, the restore runs: " + restored);
    }

    [TestMethod]
    public async Task A_backup_directory_inside_the_data_directory_is_refused()
    {
        using var world = new BackupWorld();
        await world.SuspendAnInstanceAsync();
        world.Cli.With("Backup:Directory", Path.Combine(world.DataDirectory, "backups"));

        var created = await world.Cli.RunAsync("backup", "create");

        Assert.AreEqual(2, created.ExitCode, created.ToString());
        StringAssert.Contains(created.Error, "is inside the data directory");
        Assert.IsFalse(Directory.Exists(Path.Combine(world.DataDirectory, "backups")));
    }

    [TestMethod]
    public async Task A_schedule_that_is_not_cron_is_refused_naming_the_key()
    {
        using var world = new BackupWorld();
        world.Cli.With("Backup:Schedule", "every day please");

        var listed = await world.Cli.RunAsync("backup", "list");

        Assert.AreEqual(2, listed.ExitCode, listed.ToString());
        StringAssert.Contains(listed.Error, "Backup:Schedule");
    }

    [TestMethod]
    public async Task Verify_and_restore_of_an_unknown_backup_say_how_to_find_one()
    {
        using var world = new BackupWorld();
        var restore = await world.Cli.RunAsync("backup", "restore", "20200101-000000-000");
        var latest = await world.Cli.RunAsync("backup", "restore", "latest");

        Assert.AreEqual(2, restore.ExitCode, restore.ToString());
        StringAssert.Contains(restore.Error, "'agent backup list' shows the backups");
        Assert.AreEqual(2, latest.ExitCode, latest.ToString());
        StringAssert.Contains(latest.Error, "agent backup create");
    }

    [TestMethod]
    public void Pruning_keeps_the_newest_backups()
    {
        using var world = new BackupWorld();
        foreach (var id in new[] { "20260101-000000-000", "20260102-000000-000", "20260103-000000-000" })
            Directory.CreateDirectory(Path.Combine(world.BackupDirectory, id));
        var store = new BackupStore(Microsoft.Extensions.Options.Options.Create(new BackupOptions { Directory = world.BackupDirectory }),
            new BackupCatalog(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), new TestEnvironment(world.Cli.Folder)));

        var deleted = store.Prune(2);

        CollectionAssert.AreEqual(new[] { "20260101-000000-000" }, deleted.ToArray());
        CollectionAssert.AreEqual(new[] { "20260103-000000-000", "20260102-000000-000" }, store.List().Select(b => b.Id).ToArray());
    }

    [TestMethod]
    public async Task A_backup_interrupted_before_its_rename_is_not_listed_or_restorable_as_latest()
    {
        using var world = new BackupWorld();
        await world.SuspendAnInstanceAsync();
        var id = await world.CreateBackupAsync();
        // What a kill -9 during 'backup create' leaves: a partial folder with some copies and no manifest.
        var partial = Directory.CreateDirectory(Path.Combine(world.BackupDirectory, ".partial-29991231-000000-000", "sqlite")).FullName;
        File.Copy(Path.Combine(world.BackupDirectory, id, "sqlite", "agent.db"), Path.Combine(partial, "agent.db"));

        var list = await world.Cli.RunAsync("backup", "list", "--json");
        var restored = await world.Cli.RunAsync("backup", "restore", "latest", "--json");

        Assert.AreEqual(id, list.Json().EnumerateArray().Single().GetProperty("id").GetString());
        Assert.AreEqual(0, restored.ExitCode, restored.ToString());
        Assert.AreEqual(id, restored.Json().GetProperty("backup").GetString());
    }

    private sealed class TestEnvironment(string root) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "agent";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
