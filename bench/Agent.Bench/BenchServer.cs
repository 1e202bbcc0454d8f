using Agent.Server.Hosting;

namespace Agent.Bench;

/// <summary>What the figures that start a real agent server in this process share: its settings and the repository root.</summary>
public static class BenchServer
{
    /// <summary>The API key the figures' clients send.</summary>
    public const string ApiKey = "bench-api-key-0123456789abcdef";

    /// <summary>
    /// Settings for a server on a free loopback port with its databases in <paramref name="root"/>, no environment variables,
    /// no workflow import, warnings-only logging, and <paramref name="extra"/> on top.
    /// </summary>
    public static AgentHostSettings Settings(string root, params (string Key, string Value)[] extra)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Persistence:DatabasePath"] = Path.Combine(root, "agent.db"),
            ["Server:Urls"] = "http://127.0.0.1:0",
            ["Server:ImportWorkflowsOnStart"] = "false",
            ["Claude:Jobs:DatabasePath"] = Path.Combine(root, "jobs.db"),
            ["Auth:ApiKeys:0"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra) overrides[key] = value;
        return new AgentHostSettings { ContentRoot = root, ReadEnvironmentVariables = false, Overrides = overrides };
    }

    /// <summary>The repository root (the folder with <c>Agent.sln</c>) above the benchmark's binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln"))) return dir.FullName;
        throw new InvalidOperationException("No repository root (with Agent.sln) above the benchmark.");
    }
}
