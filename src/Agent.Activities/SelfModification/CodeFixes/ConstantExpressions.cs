using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// Decides, from syntax alone, whether evaluating an expression can have an effect: literals, <c>default</c>,
/// <c>nameof</c>/<c>typeof</c>/<c>sizeof</c>, names, and operators, casts and conditionals over those cannot. Anything
/// that calls, creates, assigns, awaits, indexes or increments might, so it is refused.
/// </summary>
internal static class ConstantExpressions
{
    /// <summary>
    /// Whether <paramref name="expression"/> is free of side effects. A plain name counts as free: the compiler reports
    /// CS0219 only for compile-time constant values, so a name in such an initializer is a constant (never a property).
    /// </summary>
    public static bool IsSideEffectFree(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax or DefaultExpressionSyntax or TypeOfExpressionSyntax or SizeOfExpressionSyntax => true,
        IdentifierNameSyntax or QualifiedNameSyntax or PredefinedTypeSyntax or GenericNameSyntax => true,
        MemberAccessExpressionSyntax access => access.IsKind(SyntaxKind.SimpleMemberAccessExpression) && IsSideEffectFree(access.Expression),
        ParenthesizedExpressionSyntax p => IsSideEffectFree(p.Expression),
        PrefixUnaryExpressionSyntax u => u.Kind() is SyntaxKind.UnaryPlusExpression or SyntaxKind.UnaryMinusExpression
            or SyntaxKind.BitwiseNotExpression or SyntaxKind.LogicalNotExpression && IsSideEffectFree(u.Operand),
        BinaryExpressionSyntax b => IsSideEffectFree(b.Left) && (b.Right is TypeSyntax || IsSideEffectFree(b.Right)),
        ConditionalExpressionSyntax c => IsSideEffectFree(c.Condition) && IsSideEffectFree(c.WhenTrue) && IsSideEffectFree(c.WhenFalse),
        CastExpressionSyntax cast => IsSideEffectFree(cast.Expression),
        CheckedExpressionSyntax ch => IsSideEffectFree(ch.Expression),
        InterpolatedStringExpressionSyntax s => s.Contents.OfType<InterpolationSyntax>().All(i => IsSideEffectFree(i.Expression)),
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } => true,
        _ => false,
    };
}
