using Microsoft.CodeAnalysis;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// One deterministic fix for one compiler diagnostic: a transformation of the file's syntax tree (never a text
/// replace) that keeps every token and trivia it does not mean to change.
/// </summary>
public interface ICodeFix
{
    /// <summary>The diagnostic it fixes, e.g. <c>CS0219</c>.</summary>
    string DiagnosticId { get; }

    /// <summary>What it does, in a few words (for people and the README).</summary>
    string Title { get; }

    /// <summary>
    /// The edit of <paramref name="root"/> that removes <paramref name="target"/>, or <see cref="SyntaxEdit.None"/> with
    /// the reason when the node is not there or the edit could change behaviour.
    /// </summary>
    SyntaxEdit Apply(SyntaxNode root, CodeFixTarget target);
}
