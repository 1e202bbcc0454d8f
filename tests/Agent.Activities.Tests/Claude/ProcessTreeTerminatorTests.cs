using System.Diagnostics;
using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>Real process trees (bash and sleep): SIGTERM first, SIGKILL for what ignores it, nothing left behind.</summary>
[TestClass]
public sealed class ProcessTreeTerminatorTests
{
    public TestContext TestContext { get; set; } = null!;

    private string _root = null!;

    [TestInitialize]
    public void CreateFolder() => _root = TempFolder.Create("agent-terminator-tests");

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public async Task A_process_that_handles_SIGTERM_gets_to_clean_up_within_the_grace_period()
    {
        var marker = Path.Combine(_root, "terminated");
        // The trap writes the marker and exits: what the CLI does when it saves its session on SIGTERM.
        using var process = await StartTreeAsync($"trap 'echo bye > {marker}; exit 0' TERM; sleep 60 & wait");
        var tree = ProcessTree.Descendants(process.Id).Prepend(process.Id).ToList();

        await new ProcessTreeTerminator(process, TimeSpan.FromSeconds(2)).TerminateAsync();

        Assert.IsTrue(File.Exists(marker), "the SIGTERM handler ran");
        Assert.IsFalse(tree.Any(ProcessTree.IsAlive), "every process of the tree is gone, the orphaned sleep included");
    }

    [TestMethod]
    public async Task A_tree_that_ignores_SIGTERM_is_killed_when_the_grace_period_ends()
    {
        using var process = await StartTreeAsync("trap '' TERM; sleep 60 & sleep 60 & wait");
        var tree = ProcessTree.Descendants(process.Id).Prepend(process.Id).ToList();
        Assert.IsGreaterThanOrEqualTo(3, tree.Count, "bash and two sleeps");
        var terminator = new ProcessTreeTerminator(process, TimeSpan.FromMilliseconds(200));

        var first = terminator.TerminateAsync();
        var second = terminator.TerminateAsync();
        await first;

        Assert.AreSame(first, second, "terminating twice is one termination");
        Assert.IsFalse(tree.Any(ProcessTree.IsAlive), "nothing of the tree survived SIGKILL");
    }

    [TestMethod]
    public async Task Zero_grace_kills_at_once()
    {
        using var process = await StartTreeAsync("trap 'touch never; exit 0' TERM; sleep 60 & wait");
        var tree = ProcessTree.Descendants(process.Id).Prepend(process.Id).ToList();

        await new ProcessTreeTerminator(process, TimeSpan.Zero).TerminateAsync();

        Assert.IsFalse(File.Exists(Path.Combine(_root, "never")), "no SIGTERM was sent, so the trap never ran");
        Assert.IsFalse(tree.Any(ProcessTree.IsAlive));
    }

    private async Task<Process> StartTreeAsync(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = _root, UseShellExecute = false };
        var process = Process.Start(start)!;
        // Wait until bash has started its children, so the tree is there to be walked.
        var watch = Stopwatch.StartNew();
        while (!ProcessTree.Descendants(process.Id).Any() && watch.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20, TestContext.CancellationToken);
        await Task.Delay(100, TestContext.CancellationToken);
        return process;
    }
}
