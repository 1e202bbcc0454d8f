namespace Agent.Activities.Planning;

/// <summary>Where prompt templates live and how execution modes are chosen (configuration section <c>Plan</c>).</summary>
public sealed class PlanOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Plan";

    /// <summary>The folder with one <c>{task-type}.md</c> per task type; relative paths resolve against the repository root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TemplatesDirectory { get; set; } = "prompts";

    /// <summary>A task whose expected cost reaches this runs as an async job (it may take long); below it, simple.</summary>
    [Range(0.1, 1000)]
    public double AsyncCostThreshold { get; set; } = 2.5;

    /// <summary>The most tasks planned at once for parallel mode.</summary>
    [Range(1, 50)]
    public int MaxParallelTasks { get; set; } = 4;
}
