namespace Agent.Activities.Guards;

/// <summary>Limits against runaway improvement loops and the emergency stop's file (configuration section <c>Guards</c>).</summary>
public sealed class GuardOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Guards";

    /// <summary>Cycles that may start per UTC day.</summary>
    public int MaxCyclesPerDay { get; set; } = 6;

    /// <summary>Attempts per gap before it is parked (successful or not).</summary>
    public int MaxAttemptsPerGap { get; set; } = 5;

    /// <summary>Failed attempts in a row after which a gap is parked (no progress).</summary>
    public int ParkAfterFailures { get; set; } = 3;

    /// <summary>Tokens (input + output + cache) one cycle may spend.</summary>
    public long MaxTokensPerCycle { get; set; } = 2_000_000;

    /// <summary>US dollars one cycle may spend.</summary>
    public decimal MaxUsdPerCycle { get; set; } = 5m;

    /// <summary>The stop file: while it exists, new cycles and Claude runs are refused. The host makes it absolute.</summary>
    public string StopFile { get; set; } = ".data/STOP";

    /// <summary>How often each process checks the stop file (so a stop from another process kills its runs).</summary>
    public TimeSpan StopPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
