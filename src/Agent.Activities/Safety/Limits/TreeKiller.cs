using System.Runtime.InteropServices;

namespace Agent.Activities.Safety.Limits;

/// <summary>Sends SIGKILL to processes by id (what is left of a tree after its root was killed).</summary>
internal static class TreeKiller
{
    private const int SigKill = 9;

    /// <summary>Kills every process of <paramref name="pids"/> that still exists; ESRCH (already gone) is ignored.</summary>
    public static void KillAll(IEnumerable<int> pids)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var pid in pids) _ = Kill(pid, SigKill);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
