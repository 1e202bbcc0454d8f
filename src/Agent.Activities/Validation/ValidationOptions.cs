using Agent.Activities.Goals;
namespace Agent.Activities.Validation;

/// <summary>The hard gates' settings, the risk rules and the score weights (configuration section <c>Validation</c>).</summary>
public sealed class ValidationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Validation";

    /// <summary>Globs (repository-relative, '/' separated) of paths a task may never change; a change there fails a gate.</summary>
    public List<string> ProtectedPaths { get; set; } = [".git/**", "agent.goals.yaml", ".github/workflows/**"];

    /// <summary>Globs of test files: deleting one fails a gate, and their assertions are counted.</summary>
    public List<string> TestFiles { get; set; } =
    [
        "**/*Tests.cs", "**/*Test.cs", "**/*.Tests/**/*.cs", "**/*.test.js", "**/*.test.ts", "**/*.spec.js", "**/*.spec.ts",
        "**/__tests__/**", "**/test_*.py", "**/*_test.py", "**/*_test.go", "tests/**", "test/**",
    ];

    /// <summary>Globs of paths whose change needs a human's approval (builds, packages, CI, configuration).</summary>
    public List<string> SensitivePaths { get; set; } =
    [
        "**/*.csproj", "**/*.props", "**/*.targets", "**/*.sln", "**/package.json", "**/package-lock.json", "**/requirements*.txt",
        "**/pyproject.toml", ".ci/**", "**/appsettings*.json", "**/*.sh", "**/Dockerfile",
    ];

    /// <summary>A diff with more changed lines (added plus deleted) than this needs approval.</summary>
    public int LargeDiffLines { get; set; } = 300;

    /// <summary>A diff touching more files than this needs approval.</summary>
    public int LargeDiffFiles { get; set; } = 15;

    /// <summary>
    /// Globs of files left out of the large-diff figures (<see cref="LargeDiffLines"/>, <see cref="LargeDiffFiles"/>); they
    /// still show in the diff and pass every gate. The learned notes add their file here (their size is bounded).
    /// </summary>
    public List<string> DiffSizeExemptPaths { get; set; } = [];

    /// <summary>The agent's own repository; a change to it needs approval unless <see cref="SelfTargetNeedsApproval"/> is false.</summary>
    public string? AgentRepository { get; set; }

    /// <summary>Whether changes to <see cref="AgentRepository"/> always need approval.</summary>
    public bool SelfTargetNeedsApproval { get; set; } = true;

    /// <summary>
    /// When a merged change is built and tested again on the target branch, against the commit before it; a build that
    /// breaks or a test that newly fails reverts the change automatically. Default <see cref="PostMergeCheckMode.WhenRebased"/>.
    /// </summary>
    public PostMergeCheckMode PostMergeCheck { get; set; } = PostMergeCheckMode.WhenRebased;

    /// <summary>
    /// A change is accepted only when its improvement score (<see cref="ImprovementScore"/>) is above this; the design's
    /// <c>improvement_score &gt; threshold</c>. Default 0: the change must measurably improve something.
    /// </summary>
    public double MinImprovementScore { get; set; }

    /// <summary>Whether every change needs approval, whatever its risk.</summary>
    public bool AlwaysNeedApproval { get; set; }

    /// <summary>
    /// Weights of <see cref="Measurement.Metrics"/> in the improvement score, per unit of change: positive when a higher
    /// value is better (coverage), negative when lower is better (todos). Metrics without a weight do not count.
    /// </summary>
    public Dictionary<string, double> MetricWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // The assessment's metric names (MetricCatalog), so a measurement's figures are scored as measured.
        [MetricCatalog.CoverageLinePercent] = 1.0, [MetricCatalog.DocsPublicApiPercent] = 0.5, [MetricCatalog.TodoCount] = -0.2, [MetricCatalog.DepsOutdated] = -0.5,
    };
}
