using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Agent.Server.Tests.Telemetry;

/// <summary>
/// deploy/prometheus checked by the real promtool (Debian package <c>prometheus</c>; test.sh installs it): the rules parse,
/// their unit tests pass, the scrape config is valid, and every alert has a unit test that fires it and one that does not.
/// </summary>
[TestClass]
public sealed class PromtoolTests
{
    private static readonly string Folder = Path.Combine(AgentRepository.Root, "deploy", "prometheus");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Promtool_checks_the_alerting_rules()
    {
        var output = await PromtoolAsync("check", "rules", "alerts.yaml");
        StringAssert.Contains(output, "SUCCESS");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Promtool_unit_tests_of_the_alerts_pass()
    {
        var output = await PromtoolAsync("test", "rules", "alerts.test.yaml");
        StringAssert.Contains(output, "SUCCESS");
    }

    [TestMethod]
    public async Task Promtool_checks_the_example_scrape_config()
    {
        var output = await PromtoolAsync("check", "config", "prometheus.yml");
        StringAssert.Contains(output, "SUCCESS");
    }

    [TestMethod]
    public void Every_alert_has_a_unit_test_that_fires_it_and_one_that_keeps_it_quiet()
    {
        var alerts = Load("alerts.yaml")["groups"].AllNodes.OfType<YamlMappingNode>()
            .Where(n => n.Children.ContainsKey("alert")).Select(n => ((YamlScalarNode)n["alert"]).Value!).ToList();
        Assert.IsGreaterThanOrEqualTo(7, alerts.Count, "the alerts of issue 21 §5");
        var cases = ((YamlSequenceNode)Load("alerts.test.yaml")["tests"]).Cast<YamlMappingNode>()
            .SelectMany(t => ((YamlSequenceNode)t["alert_rule_test"]).Cast<YamlMappingNode>())
            .Select(c => (Alert: ((YamlScalarNode)c["alertname"]).Value!, Fires: ((YamlSequenceNode)c["exp_alerts"]).Children.Count > 0)).ToList();
        foreach (var alert in alerts)
        {
            Assert.IsTrue(cases.Contains((alert, true)), $"alerts.test.yaml has no case where {alert} fires; add one.");
            Assert.IsTrue(cases.Contains((alert, false)), $"alerts.test.yaml has no case where {alert} stays quiet; add one.");
        }
    }

    private static YamlMappingNode Load(string name)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, name))) yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    // A missing promtool fails the test: the rules are shipped, so they must be checked, not skipped.
    private async Task<string> PromtoolAsync(params string[] arguments)
    {
        var promtool = FindOnPath("promtool")
            ?? throw new AssertFailedException("promtool is not installed, so deploy/prometheus cannot be checked; install it with 'apt-get install prometheus' (./test.sh does this).");
        var start = new ProcessStartInfo(promtool) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        await process.WaitForExitAsync(TestContext.CancellationToken);
        var output = await stdout + await stderr;
        Assert.AreEqual(0, process.ExitCode, $"promtool {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
