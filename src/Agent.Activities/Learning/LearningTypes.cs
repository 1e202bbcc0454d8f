using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Learning;

/// <summary>A task the agent attempts or is about to attempt.</summary>
/// <param name="Goal">The goal it serves.</param>
/// <param name="TaskType">The kind of task, e.g. <c>fix-build</c>; patterns and learning efficiency are per task type.</param>
/// <param name="Description">What the task asks for, in words.</param>
/// <param name="Gap">The gap it tries to close, when there is one.</param>
/// <param name="Repository">The target repository (its full path): knowledge from another repository reaches a task only
/// through the same error signature.</param>
public sealed record LearningTask(string Goal, string TaskType, string Description, string? Gap = null, string? Repository = null);

/// <summary>
/// The fix an attempt found for errors it saw. Stored as a solution only when the attempt is accepted, closed its gap
/// (<see cref="AttemptRecord.GapClosed"/>) and was merged (<see cref="AttemptRecord.MergedCommit"/>).
/// </summary>
/// <param name="Description">What this run changed and said it did, in words a later prompt can reuse.</param>
/// <param name="FixedErrors">Indexes into <see cref="AttemptRecord.ErrorsSeen"/> of the errors it resolved; null = all of them.</param>
public sealed record AttemptFix(string Description, IReadOnlyList<int>? FixedErrors = null);

/// <summary>Everything the cycle knows about one attempted task, for <see cref="ILearningService.RecordAttemptAsync"/>.</summary>
public sealed record AttemptRecord
{
    /// <summary>The task.</summary>
    public required LearningTask Task { get; init; }
    /// <summary>How it ended.</summary>
    public required ExperienceOutcome Outcome { get; init; }
    /// <summary>How it was attempted.</summary>
    public Approach Approach { get; init; } = new();
    /// <summary>
    /// Identifies the attempt, so recording it twice (a step re-run after a crash) stores it once: the second call
    /// returns what the first stored. Null = always a new attempt.
    /// </summary>
    public string? AttemptId { get; init; }
    /// <summary>The improvement cycle.</summary>
    public string? CycleId { get; init; }
    /// <summary>The workflow instance.</summary>
    public string? InstanceId { get; init; }
    /// <summary>The prompt sent to the model; only its SHA-256 is stored.</summary>
    public string? Prompt { get; init; }
    /// <summary>Whether a person had to step in.</summary>
    public bool HumanIntervention { get; init; }
    /// <summary>The capability an accepted change integrated, when it did.</summary>
    public string? Capability { get; init; }
    /// <summary>Repository metrics before the attempt.</summary>
    public IReadOnlyDictionary<string, double> MetricsBefore { get; init; } = new Dictionary<string, double>();
    /// <summary>Repository metrics after the attempt.</summary>
    public IReadOnlyDictionary<string, double> MetricsAfter { get; init; } = new Dictionary<string, double>();
    /// <summary>Whether validation measured the attempt's gap closed.</summary>
    public bool GapClosed { get; init; }
    /// <summary>The commit that put the change on the target branch; required for an accepted attempt with a fix.</summary>
    public string? MergedCommit { get; init; }
    /// <summary>The improvement measured, in the task type's own unit.</summary>
    public double? Improvement { get; init; }
    /// <summary>Cost in USD.</summary>
    public double CostUsd { get; init; }
    /// <summary>Tokens in and out.</summary>
    public long Tokens { get; init; }
    /// <summary>Wall-clock duration.</summary>
    public TimeSpan Duration { get; init; }
    /// <summary>When it started; default: now − <see cref="Duration"/>.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>Errors seen during the attempt (build, tests, CLI, activities).</summary>
    public IReadOnlyList<ErrorObservation> ErrorsSeen { get; init; } = [];
    /// <summary>The fix, when the attempt resolved errors it saw.</summary>
    public AttemptFix? Fix { get; init; }
    /// <summary>Stored solutions the prompt offered (from <see cref="TaskContext.OfferedSolutionIds"/>); each gets a success when the attempt fixed its error, else a failure.</summary>
    public IReadOnlyList<long> AppliedSolutionIds { get; init; } = [];
}

/// <summary>What <see cref="ILearningService.RecordAttemptAsync"/> stored.</summary>
public sealed record AttemptRecorded(string ExperienceId, IReadOnlyList<long> ErrorIds, IReadOnlyList<long> SolutionIds);

/// <summary>A past experience replayed for a new task, with the errors it saw and what fixed them.</summary>
public sealed record ReplayedExperience(ExperienceRecord Experience, IReadOnlyList<KnownError> Errors, IReadOnlyList<KnownSolution> Solutions)
{
    /// <summary>How similar its task is to the new one (word overlap, 0..1).</summary>
    public double Similarity { get; init; }

    /// <summary>Whether it saw one of the new task's errors (the same signature).</summary>
    public bool SharesError { get; init; }
}

/// <summary>What the knowledge base knows that bears on a task, and the same as a prompt block.</summary>
/// <param name="ErrorMatches">For each current error, the stored errors that match it (exact first) with their best solutions.</param>
/// <param name="Experiences">The most similar past experiences.</param>
/// <param name="OfferedSolutionIds">The solutions the prompt block shows; pass them back as <see cref="AttemptRecord.AppliedSolutionIds"/>.</param>
/// <param name="PromptBlock">A compact Markdown block for the prompt; empty when nothing is known.</param>
public sealed record TaskContext(IReadOnlyList<ErrorMatch> ErrorMatches, IReadOnlyList<ReplayedExperience> Experiences, IReadOnlyList<long> OfferedSolutionIds, string PromptBlock);

/// <summary>A past failure worth attempting again because something new is known about its errors.</summary>
public sealed record ReplayProposal(string ExperienceId, LearningTask Task, DateTimeOffset FailedAt, IReadOnlyList<KnownSolution> NewSolutions, string Reason);
