using Agent.Activities.Safety.Limits;
using System.ComponentModel;
using System.Diagnostics;

namespace Agent.Activities.Claude;

/// <summary>
/// Stops a CLI process and all its descendants: SIGTERM to the whole tree first, so the CLI can write its session
/// transcript (which keeps the session resumable), then SIGKILL to whatever is left once the grace period is over.
/// </summary>
/// <remarks>
/// The tree is read from <c>/proc</c> before the first signal: once the CLI exits, its children are re-parented and a
/// later walk from the root would no longer find them. Where <c>/proc</c> is missing (not Linux) the tree is killed at
/// once by <see cref="Process.Kill(bool)"/>. Terminating is idempotent: every caller awaits the same task.
/// </remarks>
internal sealed class ProcessTreeTerminator(Process process, TimeSpan grace)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan KillSettleLimit = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private Task? _termination;

    /// <summary>Starts the termination (once) and returns the task that ends when the tree was killed.</summary>
    public Task TerminateAsync()
    {
        lock (_lock) return _termination ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            KillRoot();
            return;
        }
        var tree = Snapshot(RootId());
        if (grace > TimeSpan.Zero)
        {
            foreach (var pid in tree) TreeKiller.Signal(pid, TreeKiller.SigTerm);
            await WaitUntilGoneAsync(tree, grace);
        }
        // Children started after the first snapshot are found through the root while it lives.
        tree.UnionWith(Snapshot(RootId()));
        KillRoot();
        foreach (var pid in tree.Where(IsAlive)) TreeKiller.Signal(pid, TreeKiller.SigKill);
        // SIGKILL is delivered asynchronously; callers rely on the tree being gone once this task ends.
        await WaitUntilGoneAsync(tree, KillSettleLimit);
    }

    private static async Task WaitUntilGoneAsync(HashSet<int> tree, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit && tree.Any(IsAlive)) await Task.Delay(PollInterval);
    }

    private int RootId()
    {
        try
        {
            return process.HasExited ? -1 : process.Id;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private void KillRoot()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // A descendant vanished while the tree was walked; the rest was still signalled.
        }
    }

    /// <summary><paramref name="root"/> and every live descendant, from the parent ids in <c>/proc/*/stat</c>.</summary>
    private static HashSet<int> Snapshot(int root) => root <= 0 ? [] : [.. new ProcessTreeSampler(root).Sample().Pids];

    /// <summary>Alive = exists and is not a zombie (a zombie has exited and only waits to be reaped).</summary>
    private static bool IsAlive(int pid) => ProcStat.Read(pid) is { Exited: false };
}
