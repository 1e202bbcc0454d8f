namespace Agent.Testing;

/// <summary>The agent's own repository (the folder with Agent.sln and the <c>./agent</c> wrapper above the test binaries).</summary>
public static class AgentRepository
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A definition shipped in <c>workflows/</c>, such as <c>hello.json</c>.</summary>
    public static string Workflow(string name) => Path.Combine(Root, "workflows", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")) && File.Exists(Path.Combine(dir.FullName, "agent")))
                return dir.FullName;
        throw new InvalidOperationException($"No repository root (with Agent.sln and ./agent) above {AppContext.BaseDirectory}.");
    }
}
