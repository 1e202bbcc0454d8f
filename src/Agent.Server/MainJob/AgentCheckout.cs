using Agent.Server.Cli;

namespace Agent.Server.MainJob;

/// <summary>
/// Finds the agent's own checkout for <c>agent cycle --self</c>: the nearest folder holding <c>Agent.sln</c>, looked for
/// from the content root (<c>AGENT_ROOT</c>, which <c>./agent</c> sets), then above the running binaries, then above the
/// current directory. It must be a git repository, since the cycle changes it through worktrees and commits.
/// </summary>
public static class AgentCheckout
{
    /// <summary>The file that marks the agent's checkout.</summary>
    public const string SolutionFile = "Agent.sln";

    /// <summary>The checkout's root.</summary>
    /// <exception cref="CliUsageException">No folder with <see cref="SolutionFile"/> and <c>.git</c> was found; the message says where it looked.</exception>
    public static string FindRoot(string contentRoot, string appDirectory, string currentDirectory)
    {
        var starts = new[] { contentRoot, appDirectory, currentDirectory }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(Path.GetFullPath).Distinct().ToList();
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
                    throw new CliUsageException($"The agent's checkout {dir.FullName} is not a git repository; --self improves the agent through git worktrees and commits, so run it from a git clone of the agent.");
                }
        throw new CliUsageException($"No agent checkout ({SolutionFile}) found above {string.Join(", ", starts)}; run './agent cycle --self' from a clone of the agent, or pass --target PATH.");
    }
}
