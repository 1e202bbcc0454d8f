namespace Agent.Activities.Assessment.Dependencies;

/// <summary>How a dependency installation ended.</summary>
public enum DependencyInstallStatus
{
    /// <summary>Installed now.</summary>
    Installed,

    /// <summary>An earlier installation for the same manifest and lockfile was reused.</summary>
    Reused,

    /// <summary>Nothing was installed, on purpose (e.g. the project's own installed packages were kept).</summary>
    Skipped,

    /// <summary>The installation failed: <see cref="DependencyInstallResult.Problem"/> carries the tool's own message.</summary>
    Failed,
}

/// <summary>What one ecosystem's installation did.</summary>
/// <param name="Ecosystem"><c>node</c> or <c>python</c>.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Summary">What was done, for people, e.g. <c>npm ci (cached in …, linked as node_modules)</c>.</param>
public sealed record DependencyInstallResult(string Ecosystem, DependencyInstallStatus Status, string Summary)
{
    /// <summary>Why it failed, with the tool's own message; null unless <see cref="Status"/> is <see cref="DependencyInstallStatus.Failed"/>.</summary>
    public string? Problem { get; init; }

    /// <summary>Environment variables the tests need (a virtual environment's <c>PATH</c> and <c>VIRTUAL_ENV</c>).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The Python to run tests with, when this installation made a virtual environment.</summary>
    public string? PythonExecutable { get; init; }

    /// <summary>One line for snapshots and the CLI.</summary>
    public override string ToString() => Problem is null ? $"{Ecosystem}: {Summary}" : $"{Ecosystem}: {Summary}: {Problem}";
}

/// <summary>
/// Installs what one ecosystem's manifest declares, the way the project's own CI would, before the assessment builds
/// and tests it. Installations are cached by the content of the manifest and lockfile, so measuring the same target
/// (or a worktree of it) again reuses them.
/// </summary>
public interface IDependencyInstaller
{
    /// <summary>The ecosystem, matched with <see cref="ITestAdapter.Ecosystem"/>: <c>node</c>, <c>python</c>.</summary>
    string Ecosystem { get; }

    /// <summary>Whether the repository declares dependencies this installer installs.</summary>
    bool AppliesTo(ProjectLayout layout);

    /// <summary>Installs them for <paramref name="root"/>. A failed installation is a result, not an exception.</summary>
    Task<DependencyInstallResult> InstallAsync(string root, ProjectLayout layout, CancellationToken cancellationToken);
}
