using System.Diagnostics;

namespace Agent.Activities.Tests.Cluster;

/// <summary>One running tests/Agent.Cluster.Host process, read line by line.</summary>
internal sealed class ClusterHostProcess : IDisposable
{
    private readonly Process _process;

    private ClusterHostProcess(Process process) => _process = process;

    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Agent.Cluster.Host.dll");

    public static ClusterHostProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HostDll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return new ClusterHostProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>The next line of standard output; fails with the process's errors when it ended instead.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(1));
        var line = await _process.StandardOutput.ReadLineAsync(limit.Token);
        if (line is not null) return line;
        await _process.WaitForExitAsync(cancellationToken);
        throw new AssertFailedException($"the host exited with {_process.ExitCode} before printing a line: {await _process.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    /// <summary>Every remaining line of standard output, after the process exits by itself.</summary>
    public async Task<IReadOnlyList<string>> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        var output = await _process.StandardOutput.ReadToEndAsync(limit.Token);
        await _process.WaitForExitAsync(limit.Token);
        Assert.AreEqual(0, _process.ExitCode, await _process.StandardError.ReadToEndAsync(cancellationToken));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>What is left of standard output once the process has ended (killed or stopped).</summary>
    public async Task<IReadOnlyList<string>> ReadRestAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        var rest = await _process.StandardOutput.ReadToEndAsync(cancellationToken);
        return rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Kills the process at once (SIGKILL), like a crashed node.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop by closing its standard input, and waits for it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(limit.Token);
    }

    public void Dispose()
    {
        using (_process)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
    }
}
