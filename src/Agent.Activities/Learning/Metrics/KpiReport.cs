namespace Agent.Activities.Learning.Metrics;

/// <summary>The five KPIs, computed from the stored experiences and errors (see the README for the definitions).</summary>
public sealed record KpiReport(
    DateTimeOffset ComputedAt,
    AutonomyKpi Autonomy,
    VelocityKpi ImprovementVelocity,
    ErrorRecoveryKpi ErrorRecovery,
    IReadOnlyList<LearningEfficiencyKpi> LearningEfficiency,
    ResourceEfficiencyKpi ResourceEfficiency);

/// <summary>Autonomy rate = accepted tasks without human intervention / accepted tasks; null when nothing was accepted.</summary>
public sealed record AutonomyKpi(int Completed, int CompletedAutonomously, double? Rate);

/// <summary>
/// Improvement velocity over the window (now − <see cref="WindowDays"/>, now]: accepted improvements per day, newly
/// integrated capabilities per day, and the trend = this window's improvements per day − the previous window's.
/// </summary>
public sealed record VelocityKpi(int WindowDays, int Accepted, int Capabilities, double PerDay, double CapabilitiesPerDay, int PreviousAccepted, double PreviousPerDay, double Trend);

/// <summary>Error recovery rate = distinct errors with a solution that worked in an attempt without human intervention / distinct errors encountered.</summary>
public sealed record ErrorRecoveryKpi(int Encountered, int RecoveredByAgent, double? Rate);

/// <summary>The cost of one success: attempts, turns and summed attempt time of an episode (the attempts up to and including an accepted one).</summary>
public sealed record EpisodeCost(int Attempts, int Turns, long DurationMs);

/// <summary>
/// Learning efficiency for one task type: the cost of the first success, of the latest success, how many successes
/// (episodes) there were, the trend (latest − first; negative = the agent got faster), and attempts after the last success.
/// </summary>
public sealed record LearningEfficiencyKpi(string TaskType, int Episodes, EpisodeCost? FirstSuccess, EpisodeCost? LatestSuccess, EpisodeCost? Trend, int OpenAttempts);

/// <summary>Resource efficiency = tokens and USD of all attempts / accepted improvements; null when nothing was accepted.</summary>
public sealed record ResourceEfficiencyKpi(int Accepted, long Tokens, double CostUsd, double? TokensPerAccepted, double? UsdPerAccepted);
