using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agent.Activities.Discovery;

/// <summary>
/// A stdio MCP server process that the probe starts and owns itself, so that when the pipe to the server breaks the
/// probe can wait for the process's own exit and report its exit code. The SDK's stdio transport cannot be asked for
/// that reliably: when the server's stdout ends it closes stdin and disposes the process while the client may still be
/// sending <c>initialize</c>, so the client sees "Cannot access a closed pipe", and the exit code it records is lost
/// when the failed client disposes the transport first.
/// </summary>
internal sealed class StdioServerProcess : IAsyncDisposable
{
    // After a kill the process is gone at once; this only bounds the wait for its pipes to drain.
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Process _process;
    private readonly TimeSpan _shutdownGrace;

    private StdioServerProcess(Process process, TimeSpan shutdownGrace)
    {
        _process = process;
        _shutdownGrace = shutdownGrace;
    }

    /// <summary>
    /// Starts <paramref name="server"/>'s command with its arguments, environment and working directory; each line it
    /// writes to stderr goes to <paramref name="stderr"/>.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be launched (missing, not executable).</exception>
    public static StdioServerProcess Start(McpServerEntry server, LineTail stderr, TimeSpan shutdownGrace)
    {
        var start = new ProcessStartInfo
        {
            FileName = server.Command!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = server.WorkingDirectory ?? Environment.CurrentDirectory,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var arg in server.Args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in server.Env) start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) stderr.Add(line.Data);
        };
        try
        {
            process.Start();
            process.BeginErrorReadLine();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new StdioServerProcess(process, shutdownGrace);
    }

    /// <summary>An MCP client transport over the process's stdin and stdout (it never closes them; disposing this does).</summary>
    public IClientTransport Transport(ILoggerFactory log) =>
        new StreamClientTransport(_process.StandardInput.BaseStream, _process.StandardOutput.BaseStream, log);

    /// <summary>
    /// The process's exit code once it has exited, waiting at most <paramref name="limit"/> for it (and for the last
    /// stderr lines it wrote); null when it is still running after that.
    /// </summary>
    public async Task<int?> ExitCodeAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Closes the server's stdin (a well-behaved server exits when its input ends), gives it the shutdown grace, then
    /// kills its process tree: nothing a scan needs is lost by the kill.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The server has already gone; its stdin pipe is broken, which is what closing it wanted.
        }
        if (await ExitCodeAsync(_shutdownGrace, CancellationToken.None).ConfigureAwait(false) is null)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the wait and the kill.
            }
            await ExitCodeAsync(KillWait, CancellationToken.None).ConfigureAwait(false);
        }
        _process.Dispose();
    }
}
