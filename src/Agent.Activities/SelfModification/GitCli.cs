using Agent.Activities.Assessment;

namespace Agent.Activities.SelfModification;

/// <summary>What one git command printed and how it exited.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>True when git exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs the git CLI with a timeout. Git is run with a fixed, non-interactive environment (no pager, no prompts, English
/// messages) so its output can be parsed and a missing credential fails instead of waiting for a terminal.
/// </summary>
public sealed class GitCli(TimeSpan timeout)
{
    // A fixed, non-interactive environment: no pager, no prompts, English messages, and never an editor (merges,
    // reverts and rebases here always bring their own message).
    private static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_PAGER"] = "cat", ["LC_ALL"] = "C", ["GIT_EDITOR"] = "true", ["GIT_SEQUENCE_EDITOR"] = "true",
    };

    private readonly CommandRunner _runner = new();

    /// <summary>Runs <c>git args</c> in <paramref name="directory"/>; returns whatever the exit code.</summary>
    /// <exception cref="GitCommandException">git is not installed or did not finish within the timeout.</exception>
    public async Task<GitResult> TryRunAsync(string directory, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        // The shared command runner gives the timeout and the kill of the whole tree; git's own errors stay git's.
        var outcome = await _runner.RunAsync(new CommandSpec("git", args, directory, timeout) { Environment = Environment }, cancellationToken);
        if (outcome.StartError is not null)
            throw new GitCommandException(args, $"git could not be started ({outcome.StartError}); install git and make sure it is on PATH.");
        if (outcome.TimedOut)
            throw new GitCommandException(args, $"git did not finish within {timeout.TotalSeconds:0} s and was killed; raise SelfModification:GitTimeout if the repository is large.");
        return new GitResult(outcome.ExitCode, outcome.StandardOutput, outcome.StandardError);
    }

    /// <summary>Runs <c>git args</c> and returns its trimmed standard output.</summary>
    /// <exception cref="GitCommandException">git exited with a non-zero code (the message carries git's own error).</exception>
    public async Task<string> RunAsync(string directory, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(directory, args, cancellationToken);
        if (!result.Succeeded)
            throw new GitCommandException(args, $"exit code {result.ExitCode}: {FirstLines(result.Error.Length > 0 ? result.Error : result.Output)}");
        return result.Output.TrimEnd('\n', '\r');
    }

    private static string FirstLines(string text) =>
        string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(4));
}

/// <summary>A git command failed; the message names the command and git's error.</summary>
public sealed class GitCommandException(IReadOnlyList<string> args, string problem)
    : Exception($"'git {string.Join(' ', args)}' failed: {problem}");

/// <summary>A target path is not a git repository (or does not exist); nothing was changed.</summary>
public sealed class NotAGitRepositoryException(string path, string reason)
    : Exception($"The target '{path}' is not a git repository ({reason}); run 'git init' there and commit once, or point the target at an existing repository.");

/// <summary>A self-modification step cannot go on (e.g. nothing to commit, a conflict); nothing was changed.</summary>
public sealed class SelfModificationException(string message) : Exception(message);
