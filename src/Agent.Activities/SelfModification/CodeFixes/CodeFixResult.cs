using Microsoft.CodeAnalysis;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>What a known fix did with one file: it changed it (<see cref="CodeFixApplied"/>) or left it as it was (<see cref="CodeFixNotApplicable"/>).</summary>
public abstract record CodeFixResult
{
    /// <summary>Whether the file was changed.</summary>
    public abstract bool IsApplied { get; }

    /// <summary>One line for people: what was changed, or why nothing was.</summary>
    public abstract string Text { get; }
}

/// <summary>The fix changed the file.</summary>
/// <param name="Description">One line: what was removed or rewritten, and where.</param>
public sealed record CodeFixApplied(string Description) : CodeFixResult
{
    /// <inheritdoc />
    public override bool IsApplied => true;

    /// <inheritdoc />
    public override string Text => Description;
}

/// <summary>The fix does not apply; the file is byte for byte what it was.</summary>
/// <param name="Reason">Why, and what to do instead.</param>
public sealed record CodeFixNotApplicable(string Reason) : CodeFixResult
{
    /// <inheritdoc />
    public override bool IsApplied => false;

    /// <inheritdoc />
    public override string Text => Reason;
}

/// <summary>A fix's syntax edit: the new root and its one-line description, or why there is none.</summary>
/// <param name="NewRoot">The rewritten root, or null when the fix does not apply.</param>
/// <param name="Text">The description of the edit, or the reason it does not apply.</param>
public sealed record SyntaxEdit(SyntaxNode? NewRoot, string Text)
{
    /// <summary>An edit that rewrites the tree to <paramref name="newRoot"/>.</summary>
    public static SyntaxEdit To(SyntaxNode newRoot, string description) => new(newRoot, description);

    /// <summary>No edit, because of <paramref name="reason"/>.</summary>
    public static SyntaxEdit None(string reason) => new(null, reason);
}
