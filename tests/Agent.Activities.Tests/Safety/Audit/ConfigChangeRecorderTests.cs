using System.Text.Json;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Configuration;

namespace Agent.Activities.Tests.Safety.Audit;

[TestClass]
public sealed class ConfigChangeRecorderTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-config-audit-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_cycle_start_audits_the_baseline_then_only_what_changed_without_storing_setting_values()
    {
        await using var audit = new AuditServices(_folder);
        var target = Directory.CreateDirectory(Path.Combine(_folder, "target")).FullName;
        var settings = new Dictionary<string, string?> { ["Guards:MaxCyclesPerDay"] = "6", ["Safety:Webhooks:Endpoints:0:Secret"] = "hook-secret-value-123" };
        ConfigChangeRecorder Recorder() => new(audit.Log, audit.Sink, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _folder, TimeProvider.System);

        Assert.IsTrue(await Recorder().RecordIfChangedAsync(target, Token), "the first cycle start records the baseline");
        Assert.IsFalse(await Recorder().RecordIfChangedAsync(target, Token), "nothing changed");
        await File.WriteAllTextAsync(Path.Combine(target, "agent.goals.yaml"), "goals: []\n", Token);
        Assert.IsTrue(await Recorder().RecordIfChangedAsync(target, Token));
        settings["Guards:MaxCyclesPerDay"] = "60";
        Assert.IsTrue(await Recorder().RecordIfChangedAsync(target, Token));
        Assert.IsFalse(await Recorder().RecordIfChangedAsync(target, Token));
        Assert.IsTrue(await Recorder().RecordIfChangedAsync(Directory.CreateDirectory(Path.Combine(_folder, "other")).FullName, Token), "each target has its own baseline");

        var records = await audit.Log.ListAsync(SafetyEventKinds.ConfigChanged, 10, Token);
        Assert.HasCount(4, records);
        var goals = JsonSerializer.Deserialize<Dictionary<string, string>>(records[2].Data)!;
        var guards = JsonSerializer.Deserialize<Dictionary<string, string>>(records[1].Data)!;
        Assert.AreEqual("target/agent.goals.yaml", goals["changed"]);
        Assert.AreEqual("settings", guards["changed"]);
        Assert.AreEqual(goals["hash"], guards["previous_hash"]);
        Assert.IsFalse(records.Any(r => r.Data.Contains("hook-secret-value-123")), "only hashes of the settings are stored");
    }
}
