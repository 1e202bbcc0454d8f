using System.Diagnostics;
using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>The runner's phase profile (<see cref="IClaudeRunObserver"/>) against the real CLI and the scripted model server.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeRunProfileTests
{
    private const string HelloScript = """{ "rules": [ { "respond": { "text": "Hello." } } ] }""";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Every_run_reports_one_profile_whose_phases_add_up_to_its_wall_time()
    {
        await using var box = await RunnerSandbox.StartAsync(HelloScript, Token);
        var observer = new Recorder();
        var runner = box.RunnerWith(observer);

        var watch = Stopwatch.StartNew();
        var result = await runner.RunAsync(box.Request("hello"), null, Token);
        var wall = watch.Elapsed;

        Assert.IsTrue(result.IsSuccess, $"{result.Error}\n{result.StderrTail}");
        var profile = observer.Profiles.Single();
        Assert.AreEqual(ClaudeRunSubtypes.Success, profile.Subtype);
        // The CLI's own phases: booting to its init line, the conversation, and its shutdown all took time.
        Assert.IsGreaterThan(TimeSpan.Zero, profile[ClaudeRunPhase.ProcessStart]);
        Assert.IsGreaterThan(TimeSpan.Zero, profile[ClaudeRunPhase.FirstByte]);
        Assert.IsGreaterThan(TimeSpan.Zero, profile[ClaudeRunPhase.Stream]);
        Assert.IsGreaterThan(TimeSpan.Zero, profile[ClaudeRunPhase.Parse]);
        Assert.IsGreaterThan(TimeSpan.Zero, profile[ClaudeRunPhase.RunLog], "the run log record is written inside the run");
        Assert.IsLessThan(profile[ClaudeRunPhase.FirstByte] + profile[ClaudeRunPhase.Stream], profile[ClaudeRunPhase.Parse], "parsing lies inside first-byte and stream");
        // The marks chain: their sum is the call's wall time, less only what the test's stopwatch adds around it.
        Assert.IsLessThanOrEqualTo(wall, profile.Total);
        Assert.IsGreaterThan(wall - TimeSpan.FromMilliseconds(50), profile.Total, $"phases {profile.Total} vs wall {wall}");
        Assert.IsLessThan(profile.Total, profile.Own);
        Assert.IsGreaterThanOrEqualTo(result.Duration, profile.Total, "the profile covers the whole call, the result's duration only the attempts");
    }

    [TestMethod]
    public async Task A_failed_run_reports_its_profile_too_and_a_runner_without_observer_reports_nothing()
    {
        const string script = """{ "rules": [ { "fault": { "status": 400, "message": "bad request for the profile test" } } ] }""";
        await using var box = await RunnerSandbox.StartAsync(script, Token);
        var observer = new Recorder();
        var runner = box.RunnerWith(observer);

        await box.Runner.RunAsync(box.Request("unobserved"), null, Token);
        Assert.IsEmpty(observer.Profiles, "only the observed runner reports");

        var failed = await runner.RunAsync(box.Request("hello"), null, Token);

        Assert.IsFalse(failed.IsSuccess);
        var profile = observer.Profiles.Single();
        Assert.AreEqual(failed.Subtype, profile.Subtype);
        Assert.IsGreaterThan(TimeSpan.Zero, profile[ClaudeRunPhase.RunLog], "a failed run is recorded inside the call as well");
        Assert.HasCount(2, await box.Log.RecentAsync(10, Token));
    }

    private sealed class Recorder : IClaudeRunObserver
    {
        private readonly List<ClaudeRunProfile> _profiles = [];

        public IReadOnlyList<ClaudeRunProfile> Profiles
        {
            get { lock (_profiles) return [.. _profiles]; }
        }

        public void Completed(ClaudeRunProfile profile)
        {
            lock (_profiles) _profiles.Add(profile);
        }
    }
}
