using System.Text.Json;
using Agent.Server.Cli;
using Agent.Server.Hosting;
using Agent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Testing.Host;

/// <summary>What one in-process CLI invocation produced.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement.Clone();

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// Runs the real command tree in-process against a SQLite database in a temporary folder, with stdout and stderr
/// captured. Environment variables are not read, so the tests do not depend on the machine.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Folder = TempFolder.Create("agent-cli-tests");
        DatabasePath = Path.Combine(Folder, "agent.db");
        Settings = new AgentHostSettings
        {
            ContentRoot = Folder,
            ReadEnvironmentVariables = false,
            Overrides = new Dictionary<string, string?> { [AgentConfiguration.DatabasePathKey] = DatabasePath },
        };
    }

    /// <summary>A fresh folder for this test: the content root, the database and any files the test writes.</summary>
    public string Folder { get; }

    public string DatabasePath { get; }

    /// <summary>Host settings pointing at this test's folder and database.</summary>
    public AgentHostSettings Settings { get; private set; }

    /// <summary>Adds a configuration override for every later <see cref="RunAsync"/>.</summary>
    public CliHarness With(string key, string value)
    {
        Settings = Settings.WithOverride(key, value);
        return this;
    }

    /// <summary>Adds service registrations (after the agent's own) for every later <see cref="RunAsync"/>.</summary>
    public CliHarness WithServices(Action<IServiceCollection, IConfiguration> configure)
    {
        Settings = Settings with { ConfigureServices = configure };
        return this;
    }

    /// <summary>
    /// <see cref="Settings"/> for an in-process <c>agent serve</c> (<c>AgentServer.Build</c>): a free port on 127.0.0.1, no
    /// import of the shipped workflows, and <paramref name="settings"/>.
    /// </summary>
    public AgentHostSettings ServerSettings(params (string Key, string Value)[] settings)
    {
        var server = Settings.WithOverride("Server:Urls", "http://127.0.0.1:0").WithOverride("Server:ImportWorkflowsOnStart", "false");
        foreach (var (key, value) in settings) server = server.WithOverride(key, value);
        return server;
    }

    /// <summary>
    /// The settings that point Claude Code at the scripted model server at <paramref name="model"/> (a test API key) and
    /// keep its background jobs in this test's folder.
    /// </summary>
    public (string Key, string Value)[] ModelSettings(Uri model) =>
        [("Claude:BaseUrl", model.ToString()), ("Claude:ApiKey", "sk-test"), ("Claude:Jobs:DatabasePath", Path.Combine(Folder, "jobs.db"))];

    /// <summary>Creates the folder <paramref name="name"/> in <see cref="Folder"/> and returns its path.</summary>
    public string Subfolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;

    /// <summary>Runs <c>agent &lt;args&gt;</c>.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AgentCommandLine.RunAsync(args, CliConsole.Create(output, error), Settings);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Writes a file into <see cref="Folder"/> and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => TempFolder.Delete(Folder);
}
