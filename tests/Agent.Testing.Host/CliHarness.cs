using System.Text.Json;
using Agent.Server.Cli;
using Agent.Server.Hosting;

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
        Folder = Path.Combine(Path.GetTempPath(), "agent-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
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
    public AgentHostSettings Settings { get; }

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

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a pooled SQLite connection may still hold the file; the temp folder is cleaned by the OS */ }
    }
}
