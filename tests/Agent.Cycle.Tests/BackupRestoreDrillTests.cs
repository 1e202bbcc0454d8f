using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Agent.Cycle.Tests;

/// <summary>
/// The restore drill: a cycle waits at its human approval gate with what the agent learned on the way; a backup is
/// made while the server runs; the data directory is destroyed; the restore brings it back; after a restart the same
/// approval and bookmark wait, the KPIs and knowledge are unchanged, and approving merges the change.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class BackupRestoreDrillTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_destroyed_data_directory_is_restored_and_the_waiting_cycle_resumes_from_the_same_bookmark()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var data = Path.Combine(f.Cli.Folder, "data");
        (string Key, string Value)[] settings = [.. f.Settings, ("Agent:DataDirectory", data), ("Persistence:DatabasePath", Path.Combine(data, "agent.db")),
            // appsettings.json names these two files itself, so they follow Agent:DataDirectory only when set here.
            ("Learning:DatabasePath", Path.Combine(data, "knowledge_base.db")),
            ("Claude:Jobs:DatabasePath", Path.Combine(data, "jobs.db")), ("Backup:Directory", Path.Combine(f.Cli.Folder, "backups")),
            ("Validation:AlwaysNeedApproval", "true")];
        foreach (var (key, value) in settings) f.Cli.With(key, value);
        // What the agent learns from a first cycle, approved and merged on another target, is part of what must survive.
        var (first, _) = await f.RunCycleOnAsync(f.CreateTarget("node-strings", "learned"));
        Assert.AreEqual("Suspended", first.Json().GetProperty("status").GetString(), first.ToString());
        var firstApproval = (await f.Cli.RunAsync("approvals", "--json")).Json().EnumerateArray().Single().GetProperty("id").GetString()!;
        var merged = await f.Cli.RunAsync("approve", firstApproval, "--by", "ada", "--json");
        Assert.AreEqual(0, merged.ExitCode, merged.ToString());
        var before = f.Head();

        var (run, _) = await f.RunCycleAsync();
        Assert.AreEqual("Suspended", run.Json().GetProperty("status").GetString(), run.ToString());
        var instanceId = run.Json().GetProperty("instanceId").GetString()!;
        var approvalId = (await f.Cli.RunAsync("approvals", "--json")).Json().EnumerateArray().Single().GetProperty("id").GetString()!;

        Snapshot saved;
        await using (var server = await ServerProcess.StartAsync(f.Cli, Token, settings))
        {
            saved = await SnapshotAsync(f, instanceId, data);
            var learned = saved.Knowledge.Where(r => r.StartsWith("knowledge_base.db/", StringComparison.Ordinal) && !r.Contains("/__", StringComparison.Ordinal)).ToList();
            TestContext.WriteLine(string.Join("\n", learned.Select(r => r.Length > 200 ? r[..200] : r)));
            Assert.IsTrue(learned.Any(r => r.StartsWith("knowledge_base.db/patterns:", StringComparison.Ordinal)) && learned.Any(r => r.StartsWith("knowledge_base.db/experiences:", StringComparison.Ordinal)),
                "the first cycle left patterns and experiences to keep: " + string.Join("\n", learned));
            StringAssert.Contains(saved.Kpis, "\"accepted\":1", "the merged cycle counts in the KPIs");
            var created = await f.Cli.RunAsync("backup", "create", "--json");
            Assert.AreEqual(0, created.ExitCode, created.ToString() + server.Log);
            server.Kill();
        }

        Directory.Delete(data, recursive: true);
        Assert.AreEqual(2, (await f.Cli.RunAsync("backup", "verify", "missing-id")).ExitCode, "an unknown backup is a usage error");
        var restored = await f.Cli.RunAsync("backup", "restore", "latest");
        Assert.AreEqual(0, restored.ExitCode, restored.ToString());

        await using (var server = await ServerProcess.StartAsync(f.Cli, Token, settings))
        {
            var after = await SnapshotAsync(f, instanceId, data);
            Assert.AreEqual("Suspended", after.Status);
            CollectionAssert.AreEqual(saved.Bookmarks, after.Bookmarks, "the same bookmarks wait");
            Assert.AreEqual(saved.Kpis, after.Kpis, "the KPIs are unchanged");
            CollectionAssert.AreEqual(saved.Knowledge, after.Knowledge, "every knowledge and cycle row is back");
            var pending = await server.Http.GetFromJsonAsync<JsonElement>("/api/approvals", Token);
            Assert.AreEqual(approvalId, pending[0].GetProperty("id").GetString(), server.Log);

            var approved = await f.Cli.RunAsync("approve", approvalId, "--comment", "restored and fine", "--by", "ada");
            Assert.AreEqual(0, approved.ExitCode, approved.ToString());
        }
        var shown = (await f.Cli.RunAsync("instances", "show", instanceId, "--json")).Json();
        Assert.AreEqual("Finished", shown.GetProperty("status").GetString(), shown.ToString());
        var summary = shown.GetProperty("variables").GetProperty("summary");
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), summary.ToString());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly one commit was merged");
    }

    private sealed record Snapshot(string Status, List<string> Bookmarks, string Kpis, List<string> Knowledge);

    private static async Task<Snapshot> SnapshotAsync(CycleFixture f, string instanceId, string data)
    {
        var show = await f.Cli.RunAsync("instances", "show", instanceId, "--json");
        Assert.AreEqual(0, show.ExitCode, show.ToString());
        var shown = show.Json();
        var bookmarks = shown.GetProperty("bookmarks").EnumerateArray().Select(b => $"{b.GetProperty("id")}|{b.GetProperty("name")}|{b.GetProperty("activityId")}").ToList();
        var kpi = await f.Cli.RunAsync("kpi", "--json");
        Assert.AreEqual(0, kpi.ExitCode, kpi.ToString());
        var kpis = JsonNode.Parse(kpi.Output)!.AsObject();
        kpis.Remove("computedAt"); // the time of the computation, not a figure
        var rows = new List<string>();
        foreach (var file in new[] { "knowledge_base.db", "cycle.db" }) rows.AddRange(Rows(Path.Combine(data, file)).Select(r => $"{file}/{r}"));
        return new Snapshot(shown.GetProperty("status").GetString()!, bookmarks, kpis.ToJsonString(), rows);
    }

    // Every row of every table of a SQLite file as "file/table:values", sorted; table names of EF's history start with "__".
    private static List<string> Rows(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
                rows.Add($"{table}:{string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i) is byte[] blob ? Convert.ToHexString(blob) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
