using Agent.Activities.Safety.Redaction;
using System.Diagnostics;
using Agent.Activities.Claude;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Microsoft.Extensions.Options;

namespace Agent.Bench;

/// <summary>
/// Figure <c>claude</c>: the runner and the batch runner against the bare Claude Code CLI, both driving the real
/// project-local CLI against the scripted model server with the one-turn hello script, the same environment, a
/// fresh HOME and the same cwd.
/// </summary>
public sealed class ClaudeFigures(BenchOptions options, Report report)
{
    private const string HelloScript = """{ "name": "hello", "rules": [ { "respond": { "text": "Hello from the scripted model." } } ] }""";
    private const int BatchTasks = 10;
    private const int BatchConcurrency = 10;
    private const int BatchRepeats = 3;

    public async Task RunAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-claude", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using var server = new ScriptedModelServer(ScriptLoader.Parse(HelloScript));
            var url = await server.StartAsync(CancellationToken.None);
            var cli = new ClaudeCliOptions
            {
                BaseUrl = url.ToString(),
                ApiKey = "sk-bench",
                MaxAttempts = 1,
                MaxConcurrentRuns = BatchConcurrency,
                DefaultTimeout = TimeSpan.FromSeconds(60),
            };
            var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            var cwd = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
            using var log = new ClaudeRunLog(Path.Combine(root, "runs.db"));
            using var gate = new ClaudeConcurrencyLimiter(Options.Create(cli));
            var profiles = new ClaudeRunProfiles();
            var runner = new ClaudeRunner(Options.Create(cli), gate, log, new SecretRedactor(), observer: profiles);
            var bare = new BareCli(new ClaudeCliLocator(cli).Locate(), cli, cwd, home);
            Report.Progress($"claude: CLI {bare.Executable}, server {url}");

            await OverheadAsync(runner, profiles, bare, cwd, home);
            await BatchVsXargsAsync(new ClaudeBatchRunner(runner), bare, cwd, home);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { /* a straggler holds a file; temp is cleaned eventually */ }
        }
    }

    private static ClaudeRunRequest Request(string prompt, string cwd, string home) => new()
    {
        Prompt = prompt,
        WorkingDirectory = cwd,
        OutputFormat = ClaudeOutputFormat.Json,
        Environment = new Dictionary<string, string> { ["HOME"] = home },
    };

    private async Task OverheadAsync(ClaudeRunner runner, ClaudeRunProfiles profiles, BareCli bare, string cwd, string home)
    {
        var n = options.Quick ? 6 : 24;
        // One unmeasured run of each side: the first CLI start fills caches (node's compile cache, HOME's config files).
        await RunnerOnceAsync(runner, Request("warm-up", cwd, home));
        await bare.RunAsync("warm-up");
        await bare.RunAsync("warm-up", stream: true);
        profiles.Clear();
        var overhead = new List<double>();
        var verbose = new List<double>();
        var vsStream = new List<double>();
        var viaRunner = new List<double>();
        var viaBare = new List<double>();
        var cpuJson = new List<double>();
        var cpuStream = new List<double>();
        var cpuRunner = new List<double>();
        // CPU of the CLI child across one run (runs are sequential): unlike the wall times, it hardly moves with load.
        async Task<double> Timed(Func<Task<double>> run, List<double> cpu)
        {
            var before = ClaudeChildCpu.Milliseconds();
            var ms = await run();
            cpu.Add(ClaudeChildCpu.Milliseconds() - before);
            return ms;
        }
        for (var i = 0; i < n; i++)
        {
            // Interleaved in pairs, the order reversed every other pair (runner, bare, stream; then stream, bare, runner),
            // so drift in machine load and any cost of going first or last hit every side alike. The figure is the median
            // of the per-pair differences, which cancels load that changes slower than a pair.
            double r, b, s;
            var prompt = $"hello {i}";
            Task<double> Runner() => Timed(() => RunnerOnceAsync(runner, Request(prompt, cwd, home)), cpuRunner);
            Task<double> Json() => Timed(() => bare.RunAsync(prompt), cpuJson);
            Task<double> Stream() => Timed(() => bare.RunAsync(prompt, stream: true), cpuStream);
            if (i % 2 == 0)
            {
                r = await Runner();
                b = await Json();
                s = await Stream();
            }
            else
            {
                s = await Stream();
                b = await Json();
                r = await Runner();
            }
            viaRunner.Add(r);
            viaBare.Add(b);
            overhead.Add(r - b);
            verbose.Add(s - b);
            vsStream.Add(r - s);
        }
        Report.Progress($"claude-overhead: runner median {Report.F(Stats.Median(viaRunner), "0.0")} ms, bare median {Report.F(Stats.Median(viaBare), "0.0")} ms over {n} pairs; load average {LoadAverage()}");
        profiles.Print(report);
        report.SpreadFigure("claude-overhead-ms", overhead, "0", $"{n} pairs", "<= 10", m => m <= 10,
            $"median of per-pair ClaudeRunner − bare claude -p --output-format json; medians {Report.F(Stats.Median(viaRunner), "0")} vs {Report.F(Stats.Median(viaBare), "0")} ms; load {LoadAverage()}");
        // Context: the runner always asks for stream-json --verbose (events for progress, budget, edit tracking); these
        // separate what the CLI itself spends producing that stream from what the runner adds.
        report.Context("claude-cli-verbose-stream-ms", $"{Report.F(Stats.Median(verbose), "0")} (spread {Report.F(verbose.Min(), "0")}–{Report.F(verbose.Max(), "0")})",
            "context: per-pair bare --output-format stream-json --verbose − bare --output-format json, the CLI's own cost of the stream");
        report.Context("claude-overhead-vs-bare-stream-json-ms", $"{Report.F(Stats.Median(vsStream), "0")} (spread {Report.F(vsStream.Min(), "0")}–{Report.F(vsStream.Max(), "0")})",
            "context: per-pair ClaudeRunner − bare claude -p --output-format stream-json --verbose, same flags as the runner");
        if (!double.IsNaN(Stats.Median(cpuJson)))
            report.Context("claude-cli-cpu-ms", $"json {Report.F(Stats.Median(cpuJson), "0")}, stream-json --verbose {Report.F(Stats.Median(cpuStream), "0")}, under the runner {Report.F(Stats.Median(cpuRunner), "0")}",
                "context: median CPU (user + system, getrusage of reaped children) of one CLI run per side; load moves it far less than wall time");
    }

    /// <summary>The 1-minute load average, for the note (the figure is noisy when it is above the core count).</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task<double> RunnerOnceAsync(ClaudeRunner runner, ClaudeRunRequest request)
    {
        var watch = Stopwatch.StartNew();
        var result = await runner.RunAsync(request);
        var ms = watch.Elapsed.TotalMilliseconds;
        if (!result.IsSuccess) throw new InvalidOperationException($"runner run failed: {result.Subtype} {result.Error} {result.StderrTail}");
        return ms;
    }

    private async Task BatchVsXargsAsync(ClaudeBatchRunner batch, BareCli bare, string cwd, string home)
    {
        var ratios = new List<double>();
        var batchTimes = new List<double>();
        var xargsTimes = new List<double>();
        var requests = Enumerable.Range(1, BatchTasks).Select(i => Request($"task {i}", cwd, home)).ToList();
        for (var r = 0; r < BatchRepeats; r++)
        {
            var watch = Stopwatch.StartNew();
            var items = await batch.RunAsync(requests, BatchConcurrency);
            var b = watch.Elapsed.TotalMilliseconds;
            if (items.FirstOrDefault(i => !i.IsSuccess) is { } failed) throw new InvalidOperationException($"batch task {failed.Index} failed: {failed.Error}");
            var x = await bare.XargsAsync(BatchTasks, BatchConcurrency);
            batchTimes.Add(b);
            xargsTimes.Add(x);
            ratios.Add(x / b);
            Report.Progress($"batch-vs-xargs repeat {r + 1}: batch {Report.F(b, "0")} ms, xargs {Report.F(x, "0")} ms, ratio {Report.F(x / b, "0.00")}");
        }
        var ratio = Stats.Median(ratios);
        report.Figure("batch-vs-xargs", Report.F(ratio, "0.00"), ">= 0.90", Math.Round(ratio, 2) >= 0.90,
            $"median of {BatchRepeats}: {BatchTasks} tasks, ClaudeBatchRunner {Report.F(Stats.Median(batchTimes), "0")} ms, xargs -P {BatchConcurrency} {Report.F(Stats.Median(xargsTimes), "0")} ms");
    }

    /// <summary>The CLI started directly: <c>claude -p PROMPT --output-format json</c> with the runner's environment.</summary>
    private sealed class BareCli(string executable, ClaudeCliOptions cli, string cwd, string home)
    {
        public string Executable => executable;

        private ProcessStartInfo Start(string fileName)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = cwd,
                // stdin a closed pipe, as the runner gives it: the CLI reads a piped stdin into the prompt and treats a
                // terminal differently, so inheriting the bench's stdin would make the sides differ by how it was launched.
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // Exactly the variables the runner sets for the child, so both sides talk to the same server the same way.
            var env = ClaudeArguments.Build(Request("x", cwd, home), cli).Environment;
            foreach (var (name, value) in env) start.Environment[name] = value;
            return start;
        }

        /// <summary>One run; milliseconds from start to exit.</summary>
        public async Task<double> RunAsync(string prompt, bool stream = false)
        {
            var start = Start(executable);
            string[] args = stream ? ["-p", prompt, "--output-format", "stream-json", "--verbose"] : ["-p", prompt, "--output-format", "json"];
            foreach (var a in args) start.ArgumentList.Add(a);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("claude did not start");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var ms = watch.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0) throw new InvalidOperationException($"bare claude exited {process.ExitCode}: {await stdout} {await stderr}");
            return ms;
        }

        /// <summary><c>printf '%s\n' 1..N | xargs -P P -I{} sh -c 'claude -p "task {}" --output-format json > /dev/null'</c>; wall milliseconds.</summary>
        public async Task<double> XargsAsync(int tasks, int parallel)
        {
            var start = Start("/bin/sh");
            var numbers = string.Join(' ', Enumerable.Range(1, tasks));
            // The executable is passed as $0 of the inner shell, so its path needs no quoting inside the script.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"printf '%s\\n' {numbers} | xargs -P {parallel} -I{{}} sh -c '\"$0\" -p \"task {{}}\" --output-format json > /dev/null' \"$1\"");
            start.ArgumentList.Add("bench");
            start.ArgumentList.Add(executable);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var ms = watch.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0) throw new InvalidOperationException($"xargs exited {process.ExitCode}: {await stdout} {await stderr}");
            return ms;
        }
    }
}
