using System.Text.Json;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.Tests.Approvals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Safety.Audit;

/// <summary>The existing code publishes through the registered sink: here the approval gate, in the real engine.</summary>
[TestClass]
public sealed class PublishedEventsTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-published-events-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private Task<EngineHost> OpenAsync() => EngineHost.OpenAsync(_folder, configure: services =>
    {
        services.AddLogging();
        services.AddSafetyAudit(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Safety:Audit:DatabasePath"] = "audit.db" }).Build(), _folder);
    });

    [TestMethod]
    public async Task An_approval_request_and_its_decision_are_audited_once_each()
    {
        await using var host = await OpenAsync();
        await host.StartAsync(ApprovalWorkflow.Json());
        var pending = (await host.Approvals.ListPendingAsync(Token)).Single();

        await host.Approvals.DecideAsync(pending.Id, "approve", "ada", "looks right", Token);
        await Assert.ThrowsExactlyAsync<Agent.Activities.Approvals.ApprovalAlreadyDecidedException>(() => host.Approvals.DecideAsync(pending.Id, "reject", "bob", null, Token));

        var log = host.Get<AuditLog>();
        var requested = (await log.ListAsync(SafetyEventKinds.ApprovalRequested, 10, Token)).Single();
        var decided = (await log.ListAsync(SafetyEventKinds.ApprovalDecided, 10, Token)).Single();
        StringAssert.Contains(requested.Summary, $"Approval needed: Merge fix for CalcTests. Decide with 'agent approve {pending.Id}'");
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(decided.Data)!;
        Assert.AreEqual((pending.Id, "Approved", "ada", "looks right"), (data["approval"], data["decision"], data["by"], data["comment"]));
        Assert.AreEqual("ada", decided.Actor);
        Assert.AreEqual(SafetyEventPublishing.StableId(SafetyEventKinds.ApprovalDecided, pending.Id), decided.Id);
        Assert.IsTrue((await host.Get<AuditVerifier>().VerifyAsync(Token)).Intact);
    }
}
