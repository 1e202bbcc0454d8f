using System.Diagnostics;

namespace Agent.Workflows.Tests;

/// <summary>The git CLI for test set-up and checks: one command, its output; a failing command fails the test.</summary>
internal static class TestGit
{
    /// <summary>Runs git in <paramref name="cwd"/> and returns its standard output; throws with git's error when it exits non-zero.</summary>
    public static string Run(string cwd, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error.Result}");
        return output;
    }
}
