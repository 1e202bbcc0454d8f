using Agent.Activities.Claude;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Claude;

/// <summary>Async jobs against the real CLI and the scripted model server, including a restart of the service.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeJobsTests
{
    private const string Script = """
        { "rules": [
          { "match": { "promptContains": "slow" }, "fault": { "stallMs": 60000 }, "respond": { "text": "too late" } },
          { "respond": { "text": "job done" } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static ClaudeJobs Jobs(RunnerSandbox box, string db) =>
        new(box.Runner, Options.Create(new ClaudeJobsOptions { DatabasePath = db }));

    private static string Database() => Path.Combine(Path.GetTempPath(), "agent-job-tests", Guid.NewGuid().ToString("N"), "jobs.db");

    [TestMethod]
    public async Task A_job_starts_at_once_then_succeeds_and_is_listed()
    {
        await using var box = await RunnerSandbox.StartAsync(Script, Token);
        await using var jobs = Jobs(box, Database());

        var id = await jobs.StartAsync(box.Request("quick"), Token);
        var early = await jobs.GetStatusAsync(id, Token);
        var done = await jobs.GetResultAsync(id, TimeSpan.FromSeconds(60), Token);

        Assert.IsTrue(early!.State is ClaudeJobState.Queued or ClaudeJobState.Running, early.State);
        Assert.AreEqual(ClaudeJobState.Succeeded, done!.State, done.Error);
        Assert.AreEqual("job done", done.Result!.Text);
        Assert.IsNotNull(done.SessionId);
        Assert.IsGreaterThanOrEqualTo(1, done.Turns);
        Assert.AreEqual(id, (await jobs.ListAsync(ClaudeJobState.Succeeded, cancellationToken: Token)).Single().Id);
        Assert.IsEmpty(await jobs.ListAsync(ClaudeJobState.Running, cancellationToken: Token));
    }

    [TestMethod]
    public async Task Cancelling_a_running_job_ends_it_as_cancelled()
    {
        await using var box = await RunnerSandbox.StartAsync(Script, Token);
        await using var jobs = Jobs(box, Database());
        var id = await jobs.StartAsync(box.Request("slow"), Token);
        await WaitForAsync(async () => box.Server.Log.InFlight > 0);

        Assert.IsTrue(await jobs.CancelAsync(id, Token));

        var status = await jobs.GetStatusAsync(id, Token);
        Assert.AreEqual(ClaudeJobState.Cancelled, status!.State);
        Assert.AreEqual(ClaudeRunSubtypes.Cancelled, status.Result!.Subtype);
    }

    [TestMethod]
    public async Task After_a_restart_a_running_job_shows_interrupted_with_its_session_id()
    {
        await using var box = await RunnerSandbox.StartAsync(Script, Token);
        var db = Database();
        var first = Jobs(box, db);
        var id = await first.StartAsync(box.Request("slow"), Token);
        var store = new ClaudeJobStore(db);
        // Wait until the session id is saved and the model call is in flight: the run is truly under way.
        await WaitForAsync(async () => (await store.GetAsync(id, Token))?.SessionId is not null && box.Server.Log.InFlight > 0);

        // A new service instance on the same database, as after a crash of the first.
        await using var second = Jobs(box, db);
        var afterRestart = await second.GetStatusAsync(id, Token);
        await first.DisposeAsync(); // the old process stops; its late end must not overwrite the recovered state
        var later = await second.GetStatusAsync(id, Token);

        Assert.AreEqual(ClaudeJobState.Interrupted, afterRestart!.State);
        Assert.IsNotNull(afterRestart.SessionId);
        Assert.Contains(afterRestart.SessionId!, afterRestart.Error!);
        Assert.AreEqual(ClaudeJobState.Interrupted, later!.State);
        Assert.AreEqual(id, (await second.ListAsync(ClaudeJobState.Interrupted, cancellationToken: Token)).Single().Id);
    }

    [TestMethod]
    public async Task An_invalid_request_is_refused_and_nothing_is_recorded()
    {
        await using var box = await RunnerSandbox.StartAsync(Script, Token);
        await using var jobs = Jobs(box, Database());

        var error = await Assert.ThrowsExactlyAsync<ClaudeRequestException>(() => jobs.StartAsync(box.Request("x") with { PermissionMode = "yolo" }, Token));

        Assert.Contains("PermissionMode", error.Message);
        Assert.IsEmpty(await jobs.ListAsync(cancellationToken: Token));
    }

    private async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for the job to get under way");
            await Task.Delay(50, Token);
        }
    }
}
