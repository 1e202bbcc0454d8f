namespace Agent.Activities.Claude;

/// <summary>
/// Finds the <c>claude</c> executable: the configured path, then the project-local install
/// (<c>tools/claude-code/node_modules/.bin/claude</c> under the repository root), then <c>claude</c> on PATH.
/// The project-local install comes before PATH so every machine runs the version pinned in
/// <c>tools/claude-code/package-lock.json</c>, whatever else is installed.
/// </summary>
public sealed class ClaudeCliLocator
{
    /// <summary>The install folder relative to the repository root.</summary>
    public const string ToolFolder = "tools/claude-code";

    /// <summary>How to install the CLI, quoted in every "not found" message.</summary>
    public const string InstallHint = "Install it with 'npm ci --prefix tools/claude-code' from the repository root (./test.sh and ./run.sh do this), or set Claude:ExecutablePath.";

    private const string SolutionFile = "Agent.sln";
    private readonly ClaudeCliOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly string _baseDirectory;

    /// <summary>Creates a locator over the process environment.</summary>
    public ClaudeCliLocator(ClaudeCliOptions options)
        : this(options, Environment.GetEnvironmentVariable, AppContext.BaseDirectory)
    {
    }

    /// <summary>Creates a locator with an explicit environment and start folder (tests use this).</summary>
    public ClaudeCliLocator(ClaudeCliOptions options, Func<string, string?> environment, string baseDirectory)
    {
        _options = options;
        _environment = environment;
        _baseDirectory = baseDirectory;
    }

    /// <summary>The full path of the executable.</summary>
    /// <exception cref="ClaudeCliNotFoundException">Nothing was found; the message lists where it looked and how to install.</exception>
    public string Locate()
    {
        if (!string.IsNullOrWhiteSpace(_options.ExecutablePath))
        {
            var configured = Path.GetFullPath(_options.ExecutablePath);
            return File.Exists(configured)
                ? configured
                : throw new ClaudeCliNotFoundException($"The configured Claude Code CLI '{configured}' (Claude:ExecutablePath) does not exist. {InstallHint}");
        }
        var looked = new List<string>();
        if (RepositoryRoot() is { } root)
        {
            var local = Path.Combine(root, ToolFolder, "node_modules", ".bin", "claude");
            if (File.Exists(local)) return local;
            looked.Add(local);
        }
        else
        {
            looked.Add($"no repository root ({SolutionFile} above {_baseDirectory}, or AGENT_ROOT)");
        }
        if (OnPath("claude") is { } onPath) return onPath;
        looked.Add("'claude' on PATH");
        throw new ClaudeCliNotFoundException($"The Claude Code CLI was not found (looked at: {string.Join("; ", looked)}). {InstallHint}");
    }

    /// <summary>The repository root: the option, <c>AGENT_ROOT</c>, or the nearest folder above the app that holds <c>Agent.sln</c>.</summary>
    public string? RepositoryRoot()
    {
        if (!string.IsNullOrWhiteSpace(_options.RepositoryRoot)) return Path.GetFullPath(_options.RepositoryRoot);
        if (_environment("AGENT_ROOT") is { Length: > 0 } fromEnvironment) return Path.GetFullPath(fromEnvironment);
        for (var dir = new DirectoryInfo(_baseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }

    private string? OnPath(string name)
    {
        var path = _environment("PATH");
        if (string.IsNullOrEmpty(path)) return null;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
