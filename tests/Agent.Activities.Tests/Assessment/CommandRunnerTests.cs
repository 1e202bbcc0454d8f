using Agent.Activities.Assessment;

namespace Agent.Activities.Tests.Assessment;

[TestClass]
public sealed class CommandRunnerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_command_past_its_timeout_is_killed_with_its_children()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var watcher = new PidWatcher(marker);
        var spec = new CommandSpec("sh", ["-c", $"sleep 300 & echo started; wait # {marker}"], Path.GetTempPath(), TimeSpan.FromSeconds(2));

        var outcome = await new CommandRunner().RunAsync(spec, TestContext.CancellationToken);

        Assert.IsTrue(outcome.TimedOut);
        Assert.IsFalse(outcome.Succeeded);
        Assert.Contains("started", outcome.StandardOutput);
        var tree = watcher.Tree;
        Assert.IsGreaterThanOrEqualTo(2, tree.Count, "the shell and its sleep were seen");
        // SIGKILL is sent to the whole tree at once, but the kernel may take a moment to tear a process down.
        for (var i = 0; i < 100 && tree.Any(ProcessTree.IsAlive); i++) await Task.Delay(100, TestContext.CancellationToken);
        foreach (var pid in tree) Assert.IsFalse(ProcessTree.IsAlive(pid), $"process {pid} outlived the timeout");
    }

    [TestMethod]
    public async Task A_program_that_does_not_exist_is_a_start_error_not_an_exception()
    {
        var outcome = await new CommandRunner().RunAsync(new CommandSpec("no-such-program-xyz", [], Path.GetTempPath(), TimeSpan.FromSeconds(5)), TestContext.CancellationToken);

        Assert.IsNotNull(outcome.StartError);
        Assert.Contains("no-such-program-xyz", outcome.StartError);
    }

    [TestMethod]
    public async Task The_caller_s_cancellation_throws_and_kills_the_process()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            new CommandRunner().RunAsync(new CommandSpec("sleep", ["300"], Path.GetTempPath(), TimeSpan.FromMinutes(5)), cts.Token));
    }

    /// <summary>Records the shell whose command line holds the marker, and its children, while the command runs.</summary>
    private sealed class PidWatcher : IDisposable
    {
        private readonly HashSet<int> _seen = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public PidWatcher(string marker) => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var pid in ProcessTree.All())
                {
                    if (!ProcessTree.CommandLine(pid).Contains(marker, StringComparison.Ordinal)) continue;
                    lock (_seen)
                    {
                        _seen.Add(pid);
                        _seen.UnionWith(ProcessTree.Descendants(pid));
                    }
                }
                try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { break; }
            }
        });

        public IReadOnlyCollection<int> Tree
        {
            get
            {
                _stop.Cancel();
                _loop.Wait();
                lock (_seen) return [.. _seen];
            }
        }

        public void Dispose() => _stop.Dispose();
    }
}
