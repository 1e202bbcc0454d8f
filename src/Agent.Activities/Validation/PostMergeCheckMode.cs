namespace Agent.Activities.Validation;

/// <summary>When the cycle measures a change again after merging it (<see cref="ValidationOptions.PostMergeCheck"/>).</summary>
public enum PostMergeCheckMode
{
    /// <summary>Never: the validation of the worktree is trusted.</summary>
    Never,

    /// <summary>
    /// When the merged commit does not sit on the commit its worktree was validated on (the target branch moved on while
    /// the change waited, e.g. for an approval, and it was rebased): only then can the merged tree differ from the
    /// validated one, so only then can a semantic conflict break what validation proved.
    /// </summary>
    WhenRebased,

    /// <summary>After every merge.</summary>
    Always,
}
