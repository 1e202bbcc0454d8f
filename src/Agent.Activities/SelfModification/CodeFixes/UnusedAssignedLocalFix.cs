using Microsoft.CodeAnalysis;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// CS0219 (a local is assigned but its value is never used): removes the local's declaration when its initializer has
/// no side effects (literals, constants); otherwise the fix does not apply, because removing the initializer would
/// also remove what it does.
/// </summary>
public sealed class UnusedAssignedLocalFix : ICodeFix
{
    /// <inheritdoc />
    public string DiagnosticId => "CS0219";

    /// <inheritdoc />
    public string Title => "remove a local that is assigned a constant and never read";

    /// <inheritdoc />
    public SyntaxEdit Apply(SyntaxNode root, CodeFixTarget target)
    {
        if (LocalDeclarations.LineSpan(root, target.Line) is not { } line)
            return SyntaxEdit.None($"line {target.Line} is not in the file; the diagnostic is stale, measure again.");
        var name = target.QuotedName;
        var found = LocalDeclarations.DeclaratorsOn(root, line, name);
        if (found.Count != 1)
            return SyntaxEdit.None(found.Count == 0
                ? $"no local '{name ?? "(unnamed)"}' is declared on line {target.Line} by a declaration statement; the diagnostic is stale (measure again) or the local is declared where this fix does not remove it (a for, using or pattern)."
                : $"{found.Count} locals on line {target.Line} match; the diagnostic does not say which one, so remove it by hand.");
        var declarator = found[0];
        if (declarator.Initializer is not { } initializer)
            return SyntaxEdit.None($"'{declarator.Identifier.ValueText}' on line {target.Line} has no initializer; this is not what CS0219 reports.");
        if (!ConstantExpressions.IsSideEffectFree(initializer.Value))
            return SyntaxEdit.None($"the initializer of '{declarator.Identifier.ValueText}' ({LocalDeclarations.Excerpt(initializer.Value)}) may have side effects; removing it could change behaviour, so leave it to a model or a person.");
        if (LocalDeclarations.WhyNotRemovable(declarator) is { } why) return SyntaxEdit.None(why);
        return SyntaxEdit.To(LocalDeclarations.Remove(root, declarator),
            $"removed the unused local '{declarator.Identifier.ValueText}' on line {target.Line} ({LocalDeclarations.Excerpt(declarator.Parent!.Parent!)})");
    }
}
