using System.Diagnostics;

namespace Agent.Testing;

/// <summary>Linux processes as <c>/proc</c> shows them: whether one is alive, its descendants, its command line and working folder.</summary>
public static class ProcessTree
{
    /// <summary>Alive = /proc/PID exists and is not a zombie (zombies have no code left to run; init reaps them).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Every descendant of <paramref name="pid"/>, from the <c>children</c> file of each of its threads.</summary>
    public static List<int> Descendants(int pid)
    {
        var result = new List<int>();
        var stack = new Stack<int>([pid]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            string[] tasks;
            try { tasks = Directory.GetDirectories($"/proc/{current}/task"); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            foreach (var task in tasks)
            {
                string children;
                try { children = File.ReadAllText(Path.Combine(task, "children")); } catch (IOException) { continue; }
                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
                {
                    result.Add(child);
                    stack.Push(child);
                }
            }
        }
        return result;
    }

    /// <summary>The process's command line with its arguments separated by spaces; empty when it is gone (or a zombie).</summary>
    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Every process id on the machine.</summary>
    public static IEnumerable<int> All() =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Select(name => int.TryParse(name, out var pid) ? pid : 0).Where(pid => pid > 0);

    /// <summary>Every process with its working folder (the link <c>/proc/PID/cwd</c>), where it may be read.</summary>
    public static List<(int Pid, string WorkingDirectory)> WorkingDirectories()
    {
        // find prints each process's working folder (the link /proc/PID/cwd); .NET's link APIs do not read these proc links.
        var info = new ProcessStartInfo("find") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "/proc", "-mindepth", "2", "-maxdepth", "2", "-name", "cwd", "-printf", "%h %l\n" }) info.ArgumentList.Add(a);
        using var find = Process.Start(info)!;
        _ = find.StandardError.ReadToEndAsync(); // find complains about processes it may not read; drain it so it cannot stall
        var lines = find.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        find.WaitForExit();
        var found = new List<(int, string)>();
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !int.TryParse(Path.GetFileName(line[..space]), out var pid)) continue;
            found.Add((pid, line[(space + 1)..]));
        }
        return found;
    }
}

/// <summary>Reads a process tree from /proc while it runs, so a test can check afterwards that all of it is gone.</summary>
public sealed class ProcessTreeWatcher : IAsyncDisposable
{
    private readonly HashSet<int> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Every process of the tree seen alive so far.</summary>
    public IReadOnlyCollection<int> Seen
    {
        get { lock (_seen) return [.. _seen]; }
    }

    /// <summary>Starts recording <paramref name="rootPid"/> and its descendants every 20 ms.</summary>
    public void Watch(int rootPid) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var tree = ProcessTree.Descendants(rootPid).Prepend(rootPid).Where(ProcessTree.IsAlive).ToList();
            lock (_seen) _seen.UnionWith(tree);
            try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { break; }
        }
    });

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
