namespace Agent.Activities.Assessment;

/// <summary>Checks that a target is a git repository's root and reads its HEAD commit and tracked files.</summary>
public sealed class GitRepositoryProbe(CommandRunner runner)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>The full path of the repository root; throws when <paramref name="targetPath"/> is not inside a git work tree.</summary>
    /// <exception cref="AssessmentException">The folder is missing or not a git repository.</exception>
    public async Task<string> RequireRootAsync(string targetPath, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(targetPath);
        if (!Directory.Exists(full))
            throw new AssessmentException($"The target '{full}' does not exist. Pass the path of a git repository.");
        var outcome = await GitAsync(full, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
            throw new AssessmentException($"The target '{full}' is not a git repository ({FirstLine(outcome)}). Run 'git init' and commit there, or pass the repository's root folder.");
        return Path.GetFullPath(outcome.StandardOutput.Trim());
    }

    /// <summary>HEAD's commit id, or null for a repository without commits.</summary>
    public async Task<string?> HeadCommitAsync(string root, CancellationToken cancellationToken)
    {
        var outcome = await GitAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? outcome.StandardOutput.Trim() : null;
    }

    /// <summary>Tracked and untracked-but-not-ignored files, relative to the root, with '/' separators.</summary>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string root, CancellationToken cancellationToken)
    {
        var outcome = await GitAsync(root, ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded) throw new AssessmentException($"'git ls-files' failed in '{root}': {FirstLine(outcome)}");
        return [.. outcome.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Where(f => File.Exists(Path.Combine(root, f)))];
    }

    private Task<CommandOutcome> GitAsync(string cwd, string[] args, CancellationToken cancellationToken) =>
        runner.RunAsync(new CommandSpec("git", args, cwd, Timeout), cancellationToken);

    private static string FirstLine(CommandOutcome outcome) =>
        outcome.StartError ?? outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? $"exit code {outcome.ExitCode}";
}
