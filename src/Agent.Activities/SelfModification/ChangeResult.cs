namespace Agent.Activities.SelfModification;

/// <summary>What happened to a task's change: merged (with its commit), a merge that did not apply, or discarded.</summary>
/// <param name="Outcome"><c>Merged</c>, <c>AlreadyMerged</c>, <c>Conflict</c>, <c>Refused</c> or <c>Discarded</c>.</param>
/// <param name="Commit">The commit on the target branch, for a merged change.</param>
/// <param name="Reason">Why a merge did not apply.</param>
public sealed record ChangeResult(string Outcome, string? Commit = null, string? Reason = null);
