namespace Agent.Activities.Schedule;

/// <summary>What the schedule does when a fire time was missed (the server was down, or the previous run was still going).</summary>
public enum MisfirePolicy
{
    /// <summary>Run once as soon as possible (all missed fire times count as one), then follow the schedule again.</summary>
    FireOnceNow,
    /// <summary>Drop missed fire times and wait for the next one.</summary>
    Skip,
}

/// <summary>The schedule of published definitions with a cron trigger (configuration section <c>Schedule</c>).</summary>
public sealed class ScheduleOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Schedule";

    /// <summary>Whether <c>agent serve</c> runs the schedule.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the server compares its schedule with the published definitions and the pause state.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What happens to missed fire times.</summary>
    public MisfirePolicy MisfirePolicy { get; set; } = MisfirePolicy.FireOnceNow;

    /// <summary>How late a fire may be before it counts as missed (Quartz's misfire threshold).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a fire is skipped while an instance of the definition waits (e.g. on an approval), not only while one runs.</summary>
    public bool SkipWhileSuspended { get; set; } = true;
}
