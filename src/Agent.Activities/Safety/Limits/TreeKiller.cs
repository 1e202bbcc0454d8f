using System.Runtime.InteropServices;

namespace Agent.Activities.Safety.Limits;

/// <summary>Signals processes by id: the limiter freezes a breached tree, then kills it; the Claude runner terminates one.</summary>
internal static class TreeKiller
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;
    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;
    // SIGSTOP is 19 on x86, x86-64, ARM and ARM64, the machines .NET runs the agent on.
    private const int SigStop = 19;

    /// <summary>
    /// Stops every process of the tree <paramref name="sampler"/> follows until a sample finds none it has not stopped:
    /// a stopped process cannot fork, so a child forked while the tree was being killed cannot escape as an orphan.
    /// </summary>
    /// <returns>Every process stopped.</returns>
    public static IReadOnlySet<int> Freeze(ProcessTreeSampler sampler, int maxRounds = 20)
    {
        var stopped = new HashSet<int>();
        if (!OperatingSystem.IsLinux()) return stopped;
        for (var round = 0; round < maxRounds; round++)
        {
            var fresh = sampler.Sample().Pids.Where(stopped.Add).ToList();
            if (fresh.Count == 0) break;
            foreach (var pid in fresh) _ = Kill(pid, SigStop);
        }
        return stopped;
    }

    /// <summary>Kills every process of <paramref name="pids"/> that still exists; ESRCH (already gone) is ignored.</summary>
    public static void KillAll(IEnumerable<int> pids)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var pid in pids) _ = Kill(pid, SigKill);
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; ESRCH (already gone) is the only expected failure and needs nothing done.</summary>
    public static void Signal(int pid, int signal)
    {
        if (OperatingSystem.IsLinux()) _ = Kill(pid, signal);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
