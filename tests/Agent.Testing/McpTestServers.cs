namespace Agent.Testing;

/// <summary>
/// Real MCP servers for discovery tests: the npm servers pinned in <c>tools/mcp-servers</c> (installed by
/// <c>tools/mcp-servers/ensure-installed.sh</c>, which <c>./test.sh</c> runs) and small broken ones written as shell scripts.
/// </summary>
public static class McpTestServers
{
    /// <summary>The npm servers the tests and the benchmark scan.</summary>
    public static IReadOnlyList<string> NpmServers { get; } = ["everything", "filesystem", "memory"];

    /// <summary>The launcher of <c>@modelcontextprotocol/server-{name}</c>.</summary>
    /// <exception cref="InvalidOperationException">The servers are not installed; the message says how to install them.</exception>
    public static string Bin(string name)
    {
        var bin = Path.Combine(AgentRepository.Root, "tools", "mcp-servers", "node_modules", ".bin", $"mcp-server-{name}");
        return File.Exists(bin)
            ? bin
            : throw new InvalidOperationException($"{bin} is missing: run tools/mcp-servers/ensure-installed.sh (./test.sh does) to install the MCP servers the discovery tests scan.");
    }

    /// <summary>The arguments each npm server needs (the filesystem server is given <paramref name="folder"/> as its only allowed directory).</summary>
    public static IReadOnlyList<string> Args(string name, string folder) => name == "filesystem" ? [folder] : [];

    /// <summary>The environment each npm server needs (the memory server keeps its graph in <paramref name="folder"/>).</summary>
    public static IReadOnlyDictionary<string, string> Env(string name, string folder) =>
        name == "memory" ? new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = Path.Combine(folder, "memory.jsonl") } : new Dictionary<string, string>();

    /// <summary>A server that writes to stderr and exits at once with code 3.</summary>
    public static string ExitsAtOnce(string folder) => Script(folder, "exits-at-once.sh", """
        echo "fatal: missing API_TOKEN, cannot start" >&2
        exit 3
        """);

    /// <summary>
    /// A server that closes its stdin and stdout, logs to stderr, and exits with code 4 half a second later: the client
    /// sees its pipes break well before the process exits.
    /// </summary>
    public static string ClosesPipesThenExits(string folder) => Script(folder, "closes-pipes-then-exits.sh", """
        exec 0<&- 1>&-
        echo "fatal: config file is unreadable" >&2
        sleep 0.5
        exit 4
        """);

    /// <summary>A server that starts, logs to stderr, and never answers anything.</summary>
    public static string NeverAnswers(string folder) => Script(folder, "never-answers.sh", """
        echo "listening (not really)" >&2
        exec sleep 600
        """);

    /// <summary>A server that writes lines that are not JSON-RPC to stdout and never answers.</summary>
    public static string WritesGarbage(string folder) => Script(folder, "writes-garbage.sh", """
        echo "Welcome to my server v1.0"
        echo "{not json at all"
        echo "garbage server started" >&2
        exec sleep 600
        """);

    private static string Script(string folder, string name, string body)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
