using System.Security.Cryptography;

namespace Agent.Server.Tests.Backup;

/// <summary>
/// A CLI harness whose every database lives in one data directory (<c>data/</c>) and whose backups go to
/// <c>backups/</c> beside it, with the operator's files (.mcp.json, policy) at the content root.
/// </summary>
internal sealed class BackupWorld : IDisposable
{
    public BackupWorld()
    {
        Cli = new CliHarness();
        DataDirectory = Path.Combine(Cli.Folder, "data");
        BackupDirectory = Path.Combine(Cli.Folder, "backups");
        Cli.With("Agent:DataDirectory", DataDirectory)
            .With("Persistence:DatabasePath", Path.Combine(DataDirectory, "agent.db"))
            .With("Backup:Directory", BackupDirectory);
        Cli.WriteFile(".mcp.json", """{ "mcpServers": { "docs": { "command": "docs-server" } } }""");
        Cli.WriteFile("agent.policy.yaml", "default: allow\n");
    }

    public CliHarness Cli { get; }

    public string DataDirectory { get; }

    public string BackupDirectory { get; }

    /// <summary>Runs approval-demo, which suspends on its 'approve' bookmark; returns the instance and bookmark ids.</summary>
    public async Task<(string InstanceId, string BookmarkId)> SuspendAnInstanceAsync()
    {
        var started = await Cli.RunAsync("run", AgentRepository.Workflow("approval-demo.json"), "--json");
        Assert.AreEqual("Suspended", started.Json().GetProperty("status").GetString(), started.ToString());
        return (started.Json().GetProperty("instanceId").GetString()!, started.Json().GetProperty("bookmarks")[0].GetProperty("id").GetString()!);
    }

    /// <summary>Makes a backup with the CLI and returns its id.</summary>
    public async Task<string> CreateBackupAsync()
    {
        var created = await Cli.RunAsync("backup", "create", "--json");
        Assert.AreEqual(0, created.ExitCode, created.ToString());
        return created.Json().GetProperty("id").GetString()!;
    }

    /// <summary>Every file under <paramref name="folder"/> with its SHA-256, to prove a refused restore changed nothing.</summary>
    public static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Cli.Dispose();
}
