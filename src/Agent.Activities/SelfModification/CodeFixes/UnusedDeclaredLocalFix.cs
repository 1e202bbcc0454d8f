using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// CS0168 (a variable is declared but never used): removes the local's declarator (the whole declaration when it is the
/// only one), or, for an exception variable, its name (<c>catch (IOException e)</c> → <c>catch (IOException)</c>).
/// </summary>
public sealed class UnusedDeclaredLocalFix : ICodeFix
{
    /// <inheritdoc />
    public string DiagnosticId => "CS0168";

    /// <inheritdoc />
    public string Title => "remove a variable that is declared and never used";

    /// <inheritdoc />
    public SyntaxEdit Apply(SyntaxNode root, CodeFixTarget target)
    {
        if (LocalDeclarations.LineSpan(root, target.Line) is not { } line)
            return SyntaxEdit.None($"line {target.Line} is not in the file; the diagnostic is stale, measure again.");
        var name = target.QuotedName;
        var catches = root.DescendantNodes(line).OfType<CatchDeclarationSyntax>()
            .Where(c => !c.Identifier.IsMissing && c.Identifier.Span.Length > 0 && line.Contains(c.Identifier.SpanStart) && LocalDeclarations.Names(c.Identifier, name)).ToList();
        var locals = LocalDeclarations.DeclaratorsOn(root, line, name);
        if (catches.Count + locals.Count != 1)
            return SyntaxEdit.None(catches.Count + locals.Count == 0
                ? $"no variable '{name ?? "(unnamed)"}' is declared on line {target.Line} by a declaration statement or a catch; the diagnostic is stale (measure again) or the variable is declared where this fix does not remove it."
                : $"{catches.Count + locals.Count} variables on line {target.Line} match; the diagnostic does not say which one, so remove it by hand.");
        return catches.Count == 1 ? RemoveName(root, catches[0], target.Line) : RemoveLocal(root, locals[0], target.Line);
    }

    private static SyntaxEdit RemoveLocal(SyntaxNode root, VariableDeclaratorSyntax declarator, int line)
    {
        if (declarator.Initializer is not null)
            return SyntaxEdit.None($"'{declarator.Identifier.ValueText}' on line {line} has an initializer; this is not what CS0168 reports.");
        if (LocalDeclarations.WhyNotRemovable(declarator) is { } why) return SyntaxEdit.None(why);
        return SyntaxEdit.To(LocalDeclarations.Remove(root, declarator),
            $"removed the unused variable '{declarator.Identifier.ValueText}' on line {line} ({LocalDeclarations.Excerpt(declarator.Parent!.Parent!)})");
    }

    // The name goes, the type stays; the trivia between the name and ')' moves to the type so the spacing is kept.
    private static SyntaxEdit RemoveName(SyntaxNode root, CatchDeclarationSyntax declaration, int line)
    {
        var name = declaration.Identifier;
        var type = declaration.Type.WithTrailingTrivia(name.TrailingTrivia);
        var updated = declaration.WithType(type).WithIdentifier(default);
        return SyntaxEdit.To(root.ReplaceNode(declaration, updated),
            $"removed the unused exception variable '{name.ValueText}' on line {line} ({LocalDeclarations.Excerpt(updated)})");
    }
}
