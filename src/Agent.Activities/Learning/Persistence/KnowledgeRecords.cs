namespace Agent.Activities.Learning.Persistence;

/// <summary>One attempted task (table <c>experiences</c>).</summary>
public sealed class ExperienceRecord
{
    /// <summary>The experience id (a GUID without dashes).</summary>
    public string Id { get; set; } = "";
    /// <summary>The improvement cycle that made the attempt.</summary>
    public string? CycleId { get; set; }
    /// <summary>The workflow instance that made the attempt.</summary>
    public string? InstanceId { get; set; }
    /// <summary>The goal the task served.</summary>
    public string Goal { get; set; } = "";
    /// <summary>The gap the task tried to close.</summary>
    public string? Gap { get; set; }
    /// <summary>The kind of task, e.g. <c>fix-build</c>; patterns and learning efficiency are per task type.</summary>
    public string TaskType { get; set; } = "";
    /// <summary>What the task asked for, in words.</summary>
    public string Description { get; set; } = "";
    /// <summary>SHA-256 of the prompt sent to the model.</summary>
    public string? PromptDigest { get; set; }
    /// <summary>The approach's identity for pattern mining (see <see cref="Patterns.ApproachKeys"/>).</summary>
    public string ApproachKey { get; set; } = "";
    /// <summary>Tools used, comma separated.</summary>
    public string Tools { get; set; } = "";
    /// <summary>Files touched, newline separated.</summary>
    public string Files { get; set; } = "";
    /// <summary>The model that did the work.</summary>
    public string? Model { get; set; }
    /// <summary>Model turns used.</summary>
    public int Turns { get; set; }
    /// <summary>How the attempt ended.</summary>
    public ExperienceOutcome Outcome { get; set; }
    /// <summary>Whether a person had to step in (approve a fix, edit by hand, restart) for the attempt to finish.</summary>
    public bool HumanIntervention { get; set; }
    /// <summary>Whether the accepted change integrated a new capability (counts for improvement velocity).</summary>
    public bool IntegratedCapability { get; set; }
    /// <summary>Repository metrics before, as a JSON object of name → number.</summary>
    public string? MetricsBeforeJson { get; set; }
    /// <summary>Repository metrics after, as a JSON object of name → number.</summary>
    public string? MetricsAfterJson { get; set; }
    /// <summary>The improvement the attempt measured (its own unit per task type); null when not measured.</summary>
    public double? Improvement { get; set; }
    /// <summary>Cost in USD.</summary>
    public double CostUsd { get; set; }
    /// <summary>Tokens in and out.</summary>
    public long Tokens { get; set; }
    /// <summary>Wall-clock duration in milliseconds.</summary>
    public long DurationMs { get; set; }
    /// <summary>When the attempt started.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When the attempt ended.</summary>
    public DateTimeOffset FinishedAt { get; set; }
    /// <summary>Goal, gap, task type and description as one text, indexed for similarity (FTS5).</summary>
    public string SearchText { get; set; } = "";
    /// <summary>The target repository the attempt worked on (its full path); null for attempts recorded before it was kept.</summary>
    public string? Repository { get; set; }
    /// <summary>Whether validation measured the attempt's gap closed.</summary>
    public bool GapClosed { get; set; }
    /// <summary>The commit that put the change on the target branch; set only for an accepted, merged change.</summary>
    public string? MergedCommit { get; set; }
}

/// <summary>How an attempt ended.</summary>
public enum ExperienceOutcome
{
    /// <summary>The change was kept: an accepted improvement.</summary>
    Accepted,
    /// <summary>The change was judged not good enough and discarded.</summary>
    Rejected,
    /// <summary>The change was applied and then undone (e.g. a check failed afterwards).</summary>
    RolledBack,
    /// <summary>The attempt did not produce a change (error, timeout, gave up).</summary>
    Failed,
}

/// <summary>An error seen during an experience (table <c>experience_errors</c>).</summary>
public sealed class ExperienceErrorRecord
{
    /// <summary>The experience.</summary>
    public string ExperienceId { get; set; } = "";
    /// <summary>The error.</summary>
    public long ErrorId { get; set; }
    /// <summary>Whether the attempt fixed it.</summary>
    public bool Fixed { get; set; }
}

/// <summary>An error under its normalized signature (table <c>errors</c>).</summary>
public sealed class ErrorRecord
{
    /// <summary>Row id; also the FTS5 rowid.</summary>
    public long Id { get; set; }
    /// <summary>The normalized signature: kind, masked message and top frames. Unique.</summary>
    public string Signature { get; set; } = "";
    /// <summary>The error kind (compiler code, exception type, or <c>error</c>).</summary>
    public string Kind { get; set; } = "";
    /// <summary>The message with volatile parts masked.</summary>
    public string Message { get; set; } = "";
    /// <summary>The top stack frames, normalized, newline separated.</summary>
    public string Frames { get; set; } = "";
    /// <summary>Distinct lower-case words of kind and message, space separated; what FTS5 indexes.</summary>
    public string Terms { get; set; } = "";
    /// <summary>Where it came from: build, test, cli, activity…</summary>
    public string Source { get; set; } = "";
    /// <summary>The raw text of the first occurrence (truncated).</summary>
    public string Sample { get; set; } = "";
    /// <summary>How often it was recorded.</summary>
    public int Occurrences { get; set; }
    /// <summary>First occurrence.</summary>
    public DateTimeOffset FirstSeenAt { get; set; }
    /// <summary>Latest occurrence.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>How many stored errors contain a term (table <c>error_terms</c>): lets a lookup query the rarest words first
/// without scanning the full-text index to count them.</summary>
public sealed class ErrorTermRecord
{
    /// <summary>The lower-case word.</summary>
    public string Term { get; set; } = "";
    /// <summary>Stored errors whose terms contain it.</summary>
    public int Docs { get; set; }
}

/// <summary>What resolved an error, with its track record (table <c>solutions</c>).</summary>
public sealed class SolutionRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The error it resolves.</summary>
    public long ErrorId { get; set; }
    /// <summary>The change or prompt that resolved it, in words.</summary>
    public string Description { get; set; } = "";
    /// <summary>SHA-256 of <see cref="Description"/>; unique per error, so the same fix accumulates its counts.</summary>
    public string DescriptionDigest { get; set; } = "";
    /// <summary>The experience that first found it.</summary>
    public string? ExperienceId { get; set; }
    /// <summary>Attempts where applying it resolved the error.</summary>
    public int SuccessCount { get; set; }
    /// <summary>Attempts where applying it did not resolve the error.</summary>
    public int FailureCount { get; set; }
    /// <summary>Whether it ever worked in an attempt without human intervention.</summary>
    public bool WorkedForAgent { get; set; }
    /// <summary>When it was first stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When its counts last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The merged commit that holds the fix; a verified solution always has one.</summary>
    public string? CommitId { get; set; }
    /// <summary>The repository the fix was merged into (its full path).</summary>
    public string? Repository { get; set; }
    /// <summary>When <c>agent knowledge verify --fix</c> set it aside; a quarantined solution is never offered, noted or counted.</summary>
    public DateTimeOffset? QuarantinedAt { get; set; }
    /// <summary>Why it was quarantined.</summary>
    public string? QuarantineReason { get; set; }
}

/// <summary>
/// Something that went wrong around an attempt without being a verdict on it (table <c>incidents</c>), e.g. a change
/// that could not be measured. Incidents are neither failed attempts nor anti-patterns.
/// </summary>
public sealed class IncidentRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>What happened, e.g. <c>unmeasured</c>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The target repository.</summary>
    public string? Repository { get; set; }
    /// <summary>The improvement cycle.</summary>
    public string? CycleId { get; set; }
    /// <summary>The workflow instance.</summary>
    public string? InstanceId { get; set; }
    /// <summary>The gap the cycle worked on.</summary>
    public string? Gap { get; set; }
    /// <summary>What was wrong, in the tool's own words where there are some.</summary>
    public string Message { get; set; } = "";
    /// <summary>Identifies the step that recorded it, so a step repeated after a crash records it once. Unique.</summary>
    public string? Key { get; set; }
    /// <summary>When it happened.</summary>
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A mined pattern: task type × approach → track record (table <c>patterns</c>).</summary>
public sealed class PatternRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The task type.</summary>
    public string TaskType { get; set; } = "";
    /// <summary>The approach key.</summary>
    public string ApproachKey { get; set; } = "";
    /// <summary>Accepted attempts.</summary>
    public int SuccessCount { get; set; }
    /// <summary>Attempts that were rejected, rolled back or failed.</summary>
    public int FailureCount { get; set; }
    /// <summary>Mean <see cref="ExperienceRecord.Improvement"/> of the attempts that measured one.</summary>
    public double? MeanImprovement { get; set; }
    /// <summary>Whether the approach keeps failing (see <see cref="LearningOptions.AntiPatternMinFailures"/>).</summary>
    public bool IsAntiPattern { get; set; }
    /// <summary>When it was last mined.</summary>
    public DateTimeOffset MinedAt { get; set; }
}

/// <summary>A typed node of the knowledge graph (table <c>graph_nodes</c>).</summary>
public sealed class GraphNodeRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The node type.</summary>
    public NodeType Type { get; set; }
    /// <summary>Identity within the type (an experience id, a file path, an error id…). Unique per type.</summary>
    public string Key { get; set; } = "";
    /// <summary>What to show.</summary>
    public string Label { get; set; } = "";
}

/// <summary>A weighted, typed, directed edge (table <c>graph_edges</c>); the weight grows each time it is seen again.</summary>
public sealed class GraphEdgeRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>Source node.</summary>
    public long FromId { get; set; }
    /// <summary>Target node.</summary>
    public long ToId { get; set; }
    /// <summary>The relation.</summary>
    public EdgeType Type { get; set; }
    /// <summary>How often (or how strongly) the relation was observed.</summary>
    public double Weight { get; set; }
}

/// <summary>The node types of the knowledge graph.</summary>
public enum NodeType
{
    /// <summary>A goal of the agent.</summary>
    Goal,
    /// <summary>A gap between the goal and the repository.</summary>
    Gap,
    /// <summary>An attempted task (key: the experience id).</summary>
    Task,
    /// <summary>A repository file.</summary>
    File,
    /// <summary>An error signature (key: the error id).</summary>
    Error,
    /// <summary>A solution (key: the solution id).</summary>
    Solution,
    /// <summary>A tool the model used.</summary>
    Tool,
    /// <summary>A mined pattern (key: task type and approach key).</summary>
    Pattern,
    /// <summary>A capability the agent integrated.</summary>
    Capability,
}

/// <summary>The edge types of the knowledge graph.</summary>
public enum EdgeType
{
    /// <summary>goal → gap.</summary>
    HasGap,
    /// <summary>gap → task.</summary>
    AddressedBy,
    /// <summary>task → tool.</summary>
    Uses,
    /// <summary>task → file.</summary>
    Touches,
    /// <summary>task → error it ran into.</summary>
    Caused,
    /// <summary>error → solution that resolved it.</summary>
    SolvedBy,
    /// <summary>task → solution it found.</summary>
    Produced,
    /// <summary>task → pattern it followed.</summary>
    Follows,
    /// <summary>task → capability it integrated.</summary>
    Integrates,
    /// <summary>capability or task → what it needs.</summary>
    Requires,
}

/// <summary>One point of a metric's time series (table <c>metrics</c>).</summary>
public sealed class MetricRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The metric name, e.g. <c>repo.tests.passed</c> or <c>agent.turns</c>.</summary>
    public string Name { get; set; } = "";
    /// <summary>The value.</summary>
    public double Value { get; set; }
    /// <summary><c>repository</c> or <c>agent</c>.</summary>
    public string Scope { get; set; } = "";
    /// <summary>The experience that produced it, when one did.</summary>
    public string? ExperienceId { get; set; }
    /// <summary>When it was measured.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>One package of one target as the technology tracker saw it at one assessment (outdated or vulnerable).</summary>
public sealed class DependencyObservationRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The target repository's path.</summary>
    public string Target { get; set; } = "";
    /// <summary><c>nuget</c> or <c>npm</c>.</summary>
    public string Ecosystem { get; set; } = "";
    /// <summary>The package id.</summary>
    public string Package { get; set; } = "";
    /// <summary>The resolved version, if installed.</summary>
    public string? Current { get; set; }
    /// <summary>The newest version, when outdated.</summary>
    public string? Latest { get; set; }
    /// <summary>A known vulnerability (severity and advisory address), if any.</summary>
    public string? Advisory { get; set; }
    /// <summary>When it was observed.</summary>
    public DateTimeOffset ObservedAt { get; set; }
}
