using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.CycleStore;

/// <summary>Where the improvement cycle keeps snapshots and gap failure counts (configuration section <c>Cycle</c>).</summary>
public sealed class CycleStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cycle";

    /// <summary>The SQLite file; relative paths resolve against the repository root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = ".data/cycle.db";

    /// <summary>Failed attempts after which a gap is parked (skipped by FindGaps until it succeeds or is reset).</summary>
    [Range(1, 1000)]
    public int ParkAfterFailures { get; set; } = 3;
}
