
namespace Agent.Activities.Assessment;

/// <summary>Limits of an assessment (configuration section <c>Assessment</c>).</summary>
public sealed class AssessmentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Assessment";

    /// <summary>The longest a build may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest a test run may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan TestTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>The longest a dependency check may take (it needs the package registry; offline it is reported unknown).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DependencyCheckTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Whether to install what the target declares before building and testing it (npm/pnpm/yarn packages, a Python
    /// virtual environment); .NET packages are restored by the build either way.
    /// </summary>
    public bool InstallDependencies { get; set; } = true;

    /// <summary>
    /// Where installations are cached, by ecosystem and manifest/lockfile content (empty: <c>agent-dependencies</c>
    /// under the system temp folder). A relative path resolves against the working directory.
    /// </summary>
    public string DependencyCacheDirectory { get; set; } = "";

    /// <summary>The longest one installation step (<c>npm ci</c>, <c>pip install</c>) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether to ask the package managers about outdated and vulnerable packages.</summary>
    public bool CheckDependencies { get; set; } = true;

    /// <summary>
    /// Folders (relative, '/'-separated, ending in '/') whose files are left out of the TODO and docs counts. The default
    /// leaves out <c>samples/</c>: the agent's own samples are deliberately imperfect and must not become gaps when the
    /// agent measures itself.
    /// </summary>
    public List<string> ExcludedPathPrefixes { get; set; } = ["samples/"];

    /// <summary>The most TODO markers, undocumented members and diagnostics kept in a snapshot (counts are exact).</summary>
    [Range(1, 100_000)]
    public int MaxListedItems { get; set; } = 200;
}
