
namespace Agent.Activities.Cycle;

/// <summary>The improvement cycle's settings (configuration section <c>Cycle</c>): its database and its default target.</summary>
public sealed class CycleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cycle";

    /// <summary>The SQLite file; relative paths resolve against the repository root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = ".data/cycle.db";

    /// <summary>The repository a cycle improves when it is started without a <c>targetPath</c> input (e.g. by the schedule).</summary>
    public string? TargetRepository { get; set; }

    /// <summary>
    /// Run assessment-only cycles: measure, rank the gaps, research and plan, then stop before anything is changed. The
    /// main job sets it for an offline cycle on a repository the scripted model has no rehearsal for.
    /// </summary>
    public bool AssessOnly { get; set; }
}
