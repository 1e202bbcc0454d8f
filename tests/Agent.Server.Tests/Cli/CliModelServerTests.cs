using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agent.Server.Cli;
using Agent.Server.Hosting;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent model-server</c>: serves a script until cancelled, and rejects bad scripts as bad input.</summary>
[TestClass]
public sealed partial class CliModelServerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_verb_prints_the_url_and_env_serves_the_script_and_stops_on_cancel()
    {
        var output = new LockedWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        var verb = AgentCommandLine.RunAsync(
            ["model-server", "--script", Path.Combine(AgentRepository.Root, "scripts/model/hello.json")],
            CliConsole.Create(output, new LockedWriter()), new AgentHostSettings { ReadEnvironmentVariables = false }, cancellationToken: stop.Token);

        var url = await WaitForUrlAsync(output, verb);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var response = await http.PostAsync("/v1/messages",
            new StringContent("""{ "messages": [ { "role": "user", "content": "hi" } ] }""", Encoding.UTF8, "application/json"), TestContext.CancellationToken);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken)).RootElement;
        await stop.CancelAsync();
        var exitCode = await verb;

        Assert.AreEqual("Hello from the scripted model.", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.AreEqual(0, exitCode, output.Text);
        Assert.Contains($"export ANTHROPIC_BASE_URL={url}", output.Text);
        Assert.Contains("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", output.Text);
        Assert.Contains("Stopped after 1 Messages API calls.", output.Text);
    }

    [TestMethod]
    public async Task A_bad_script_is_bad_input_with_the_reason()
    {
        using var cli = new CliHarness();
        var script = cli.WriteFile("bad.json", """{ "rules": [ { "match": { "turn": 1 } } ] }""");

        var result = await cli.RunAsync("model-server", "--script", script);

        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.ToString());
        Assert.Contains("neither 'respond' nor 'fault'", result.Error);
    }

    private async Task<string> WaitForUrlAsync(LockedWriter output, Task<int> verb)
    {
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (UrlPattern().Match(output.Text) is { Success: true } match) return match.Groups[1].Value;
            if (verb.IsCompleted) Assert.Fail($"The verb ended early with exit code {await verb}: {output.Text}");
            await Task.Delay(20, TestContext.CancellationToken);
        }
        throw new AssertFailedException($"The verb printed no URL within 10 s: {output.Text}");
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex UrlPattern();

    // The verb writes while the test polls, so reads and writes take a lock.
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get { lock (_gate) return ToString(); }
        }

        public override void Write(char value)
        {
            lock (_gate) base.Write(value);
        }

        public override void Write(string? value)
        {
            lock (_gate) base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate) base.Write(buffer, index, count);
        }

        public override void WriteLine(string? value)
        {
            lock (_gate) base.WriteLine(value);
        }
    }
}
