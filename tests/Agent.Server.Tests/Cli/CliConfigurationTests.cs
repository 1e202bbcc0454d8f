namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliConfigurationTests
{
    [TestMethod]
    public async Task Invalid_options_stop_a_verb_with_exit_code_2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("workflows", "list", "--config", "Server:ExpiredBookmarkPollInterval=00:00:00");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("Invalid configuration", result.Error);
        Assert.Contains("ExpiredBookmarkPollInterval", result.Error);
    }

    [TestMethod]
    public async Task Serve_rejects_an_argument_that_is_not_configuration()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("serve", "--bogus");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("Unknown argument '--bogus'", result.Error);
    }
}
