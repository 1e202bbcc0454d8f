using System.Diagnostics;

namespace Agent.Testing;

/// <summary>The git CLI for test set-up and checks: one command, its output; a failing command fails the test.</summary>
public static class TestGit
{
    /// <summary>The author of the commits the tests make (<see cref="InitWithCommit"/>, <see cref="CommitAll"/>).</summary>
    private static readonly string[] Author = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"];

    /// <summary>Runs git in <paramref name="cwd"/> and returns its standard output; throws with git's error when it exits non-zero.</summary>
    public static string Run(string cwd, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync(); // read both at once, so neither pipe can fill and stall git
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error.Result}");
        return output;
    }

    /// <summary>Makes <paramref name="folder"/> a git repository with everything in it as one commit on main; returns the folder.</summary>
    public static string InitWithCommit(string folder, string message)
    {
        Run(folder, "init", "-q", "-b", "main");
        Run(folder, "add", "-A");
        Run(folder, [.. Author, "commit", "-q", "-m", message]);
        return folder;
    }

    /// <summary>Commits every change to tracked files in <paramref name="folder"/> (<c>git commit -a</c>).</summary>
    public static void CommitAll(string folder, string message) => Run(folder, [.. Author, "commit", "-qam", message]);

    /// <summary>The commit HEAD points at.</summary>
    public static string Head(string folder) => Run(folder, "rev-parse", "HEAD").Trim();
}
