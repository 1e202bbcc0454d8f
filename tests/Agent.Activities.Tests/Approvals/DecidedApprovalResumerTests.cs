using Agent.Activities.Approvals;
using Agent.Activities.Tests.Persistence;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Approvals;

/// <summary>
/// A decision is recorded in the approvals audit before its bookmark is resumed; a process killed between the two (one
/// replica of three, or the only one) leaves the instance waiting on a decision already made. The resumer finishes that
/// resume with the recorded decision, once, even with two processes sweeping at once; run on SQLite and PostgreSQL.
/// </summary>
public abstract class DecidedApprovalResumerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private string _folder = null!;
    private DatabaseOptions _database = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private protected abstract Task<DatabaseOptions> NewDatabaseAsync();

    [TestInitialize]
    public async Task InitAsync()
    {
        _folder = TempFolder.Create("agent-decided-approvals");
        _database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_decision_whose_process_died_before_resuming_is_resumed_once_with_that_decision_by_either_process()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var first = await EngineHost.OpenAsync(_folder, clock, database: _database);
        await using var second = await EngineHost.OpenAsync(_folder, clock, database: _database);
        var stranded = await first.StartAsync(ApprovalWorkflow.Json());
        var fresh = await first.StartAsync(ApprovalWorkflow.Json());
        var undecided = await first.StartAsync(ApprovalWorkflow.Json());
        var approvalOf = (await first.Approvals.ListPendingAsync(Token)).ToDictionary(p => p.InstanceId, p => p.Id);
        var audit = first.Get<ApprovalAuditStore>();

        // What ApprovalService.DecideAsync records before it resumes; each deciding process "died" right after.
        await audit.InsertOrGetAsync(new ApprovalRecord(approvalOf[stranded.Id], stranded.Id, ApprovalDecisions.Rejected, "ada", "too risky", clock.GetUtcNow()), Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        await audit.InsertOrGetAsync(new ApprovalRecord(approvalOf[fresh.Id], fresh.Id, ApprovalDecisions.Approved, "bob", null, clock.GetUtcNow()), Token);

        var swept = await Task.WhenAll(first.Get<DecidedApprovalResumer>().ResumeAsync(Grace, Token), second.Get<DecidedApprovalResumer>().ResumeAsync(Grace, Token));

        Assert.AreEqual(1, swept.Sum(), $"the stranded approval is resumed once, by one of the two processes ({string.Join(", ", swept)})");
        var resumed = await first.InstanceAsync(stranded.Id);
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status, string.Join("; ", resumed.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "rejected" }, resumed.State.OutputLines, "the instance acted on the recorded decision");
        Assert.AreEqual(WorkflowStatus.Suspended, (await first.InstanceAsync(fresh.Id)).Status, "a decision younger than the grace period is left to its own process");
        Assert.AreEqual(WorkflowStatus.Suspended, (await first.InstanceAsync(undecided.Id)).Status, "an undecided approval keeps waiting");
        Assert.AreEqual(0, await second.Get<DecidedApprovalResumer>().ResumeAsync(Grace, Token), "nothing is resumed twice");

        clock.Advance(Grace);
        Assert.AreEqual(1, await second.Get<DecidedApprovalResumer>().ResumeAsync(Grace, Token));

        CollectionAssert.AreEqual(new[] { "approved by bob" }, (await first.InstanceAsync(fresh.Id)).State.OutputLines);
        CollectionAssert.AreEqual(new[] { "rejected" }, (await first.InstanceAsync(stranded.Id)).State.OutputLines, "the first one ran once");
        Assert.AreEqual(approvalOf[undecided.Id], (await first.Approvals.ListPendingAsync(Token)).Single().Id);
        Assert.IsNull(await audit.FindAsync(approvalOf[undecided.Id], Token), "the sweep decides nothing itself");
        Assert.HasCount(2, await audit.ListRecentAsync(10, Token), "one audit record per decided approval");
        var late = await Assert.ThrowsExactlyAsync<ApprovalAlreadyDecidedException>(() => first.Approvals.DecideAsync(approvalOf[stranded.Id], "approve", "carol", null, Token));
        StringAssert.Contains(late.Message, "already rejected by ada");
    }

    [TestMethod]
    public async Task A_negative_grace_period_is_refused_and_resumes_nothing()
    {
        await using var host = await EngineHost.OpenAsync(_folder, database: _database);
        var started = await host.StartAsync(ApprovalWorkflow.Json());
        var id = (await host.Approvals.ListPendingAsync(Token)).Single().Id;
        await host.Get<ApprovalAuditStore>().InsertOrGetAsync(new ApprovalRecord(id, started.Id, ApprovalDecisions.Approved, "ada", null, DateTimeOffset.UtcNow.AddHours(-1)), Token);

        var e = await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => host.Get<DecidedApprovalResumer>().ResumeAsync(TimeSpan.FromSeconds(-1), Token));

        StringAssert.Contains(e.Message, "cannot be negative");
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);
    }
}

[TestClass]
public sealed class SqliteDecidedApprovalResumerTests : DecidedApprovalResumerTests
{
    private protected override Task<DatabaseOptions> NewDatabaseAsync() => RawStoreProviders.SqliteAsync();

    [TestMethod]
    public void A_sweep_interval_that_is_not_positive_is_refused_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Approvals:DecidedSweepInterval"] = "00:00:00" }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDecidedApprovalSweep(configuration);
        using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ApprovalsOptions>>().Value);

        StringAssert.Contains(e.Message, "Approvals:DecidedSweepInterval");
        StringAssert.Contains(e.Message, "00:00:30");
    }
}

/// <summary>The same with the engine and the approvals audit on one real PostgreSQL database (as three replicas share it).</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class PostgresDecidedApprovalResumerTests : DecidedApprovalResumerTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<DatabaseOptions> NewDatabaseAsync() => RawStoreProviders.PostgresAsync(s_server, TestContext.CancellationToken);
}
