using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// Finds a local variable's declaration from a diagnostic's line and name, and removes it from the tree while keeping
/// the formatting around it: the removed line goes, whole comment and directive lines above it stay.
/// </summary>
internal static class LocalDeclarations
{
    /// <summary>The 0-based text span of the 1-based <paramref name="line"/>, or null when the file has no such line.</summary>
    public static TextSpan? LineSpan(SyntaxNode root, int line)
    {
        var text = root.GetText();
        return line >= 1 && line <= text.Lines.Count ? text.Lines[line - 1].Span : null;
    }

    /// <summary>Whether <paramref name="identifier"/> is the name the diagnostic quotes (any name when it quotes none).</summary>
    public static bool Names(SyntaxToken identifier, string? name) =>
        name is null || identifier.ValueText == name.TrimStart('@') || identifier.Text == name;

    /// <summary>The declarators of local declaration statements whose name is on <paramref name="span"/> and matches <paramref name="name"/>.</summary>
    public static List<VariableDeclaratorSyntax> DeclaratorsOn(SyntaxNode root, TextSpan span, string? name) =>
        [.. root.DescendantNodes(span).OfType<VariableDeclaratorSyntax>()
            .Where(d => span.Contains(d.Identifier.SpanStart) && Names(d.Identifier, name) && d.Parent?.Parent is LocalDeclarationStatementSyntax)];

    /// <summary>Why the declaration of <paramref name="declarator"/> cannot be removed safely, or null when it can.</summary>
    public static string? WhyNotRemovable(VariableDeclaratorSyntax declarator)
    {
        var statement = (LocalDeclarationStatementSyntax)declarator.Parent!.Parent!;
        var name = declarator.Identifier.ValueText;
        if (statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
            return $"'{name}' is a using declaration; removing it would skip its disposal.";
        if (statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
            return $"the declaration of '{name}' is not a statement of a block; remove it by hand.";
        var scope = statement.Parent is GlobalStatementSyntax global ? global.Parent! : statement.Parent;
        var use = scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .FirstOrDefault(n => n.Identifier.ValueText == name && !(n.Parent is MemberAccessExpressionSyntax access && access.Name == n));
        return use is null ? null
            : $"'{name}' is still referenced on line {use.GetLocation().GetLineSpan().StartLinePosition.Line + 1}; removing its declaration would break the build.";
    }

    /// <summary>
    /// Removes <paramref name="declarator"/>: the whole statement when it is the only one declared there, else just it
    /// (and its comma).
    /// </summary>
    public static SyntaxNode Remove(SyntaxNode root, VariableDeclaratorSyntax declarator)
    {
        var declaration = (VariableDeclarationSyntax)declarator.Parent!;
        if (declaration.Variables.Count > 1) return root.RemoveNode(declarator, SyntaxRemoveOptions.KeepNoTrivia)!;
        StatementSyntax statement = (LocalDeclarationStatementSyntax)declaration.Parent!;
        return statement.Parent is GlobalStatementSyntax global ? RemoveLine(root, global) : RemoveLine(root, statement);
    }

    /// <summary>The source of <paramref name="node"/> without its trivia, on one line, for descriptions.</summary>
    public static string Excerpt(SyntaxNode node)
    {
        var text = string.Join(' ', node.ToString().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    // The statement's own line goes (its indentation, its trailing comment and line end); the whole lines of comments or
    // directives above it belong to the code that follows, so they move to the next token.
    private static SyntaxNode RemoveLine(SyntaxNode root, SyntaxNode statement)
    {
        var leading = statement.GetLeadingTrivia();
        var lastLineEnd = -1;
        for (var i = 0; i < leading.Count; i++)
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia) || leading[i].IsDirective) lastLineEnd = i;
        if (lastLineEnd < 0) return root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!;

        var kept = leading.Take(lastLineEnd + 1).ToList();
        var tracked = root.TrackNodes(statement);
        var next = tracked.GetCurrentNode(statement)!.GetLastToken().GetNextToken(includeZeroWidth: true);
        tracked = tracked.ReplaceToken(next, next.WithLeadingTrivia(kept.Concat(next.LeadingTrivia)));
        return tracked.RemoveNode(tracked.GetCurrentNode(statement)!, SyntaxRemoveOptions.KeepNoTrivia)!;
    }
}
