using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agent.Activities.Validation;

/// <summary>How strongly a test file checks: its assertions and the markers that switch tests off.</summary>
public readonly record struct AssertionCount(int Assertions, int SkipMarkers);

/// <summary>
/// Counts assertions and skip markers in a test file, by language: C# through Roslyn (so comments and strings do not
/// count), other languages by patterns on the text with line comments removed.
/// </summary>
public static partial class AssertionCounter
{
    /// <summary>Counts in <paramref name="text"/>, a file named <paramref name="path"/> (the extension picks the language).</summary>
    public static AssertionCount Count(string path, string? text)
    {
        if (string.IsNullOrEmpty(text)) return default;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".cs" => CountCSharp(text),
            ".py" => CountText(HashComment().Replace(text, ""), [PyAssert(), PySelfAssert(), PyRaises()], [PySkip()]),
            ".go" => CountText(SlashComment().Replace(text, ""), [GoFail(), GoAssert()], [GoSkip()]),
            ".java" or ".kt" => CountText(SlashComment().Replace(text, ""), [JavaAssert()], [JavaSkip()]),
            _ => CountText(SlashComment().Replace(text, ""), [JsExpect(), JsAssert(), JsShould()], [JsSkip()]),
        };
    }

    private static AssertionCount CountCSharp(string text)
    {
        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        var assertions = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Count(IsAssertion);
        var skips = root.DescendantNodes().OfType<AttributeSyntax>().Count(a =>
            a.Name.ToString() is "Ignore" or "IgnoreAttribute"
            || a.ArgumentList?.Arguments.Any(arg => arg.NameEquals?.Name.Identifier.Text == "Skip") == true);
        return new AssertionCount(assertions, skips);
    }

    // Assert.X(...), StringAssert.X(...), CollectionAssert.X(...), x.Should() (FluentAssertions), x.ShouldBe(...) (Shouldly), Verify(...).
    private static bool IsAssertion(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.Text: var name } member =>
            name.StartsWith("Should", StringComparison.Ordinal) || LeftMost(member) is { } left && left.EndsWith("Assert", StringComparison.Ordinal),
        IdentifierNameSyntax { Identifier.Text: var id } => id.StartsWith("Assert", StringComparison.Ordinal) || id == "Verify",
        _ => false,
    };

    private static string? LeftMost(MemberAccessExpressionSyntax member)
    {
        ExpressionSyntax e = member;
        while (e is MemberAccessExpressionSyntax m) e = m.Expression;
        return (e as IdentifierNameSyntax)?.Identifier.Text;
    }

    private static AssertionCount CountText(string text, Regex[] assertions, Regex[] skips) =>
        new(assertions.Sum(r => r.Count(text)), skips.Sum(r => r.Count(text)));

    [GeneratedRegex(@"(?m)(^|\s)#.*$")] private static partial Regex HashComment();
    [GeneratedRegex(@"(?m)//.*$")] private static partial Regex SlashComment();
    [GeneratedRegex(@"(?m)^\s*assert\b")] private static partial Regex PyAssert();
    [GeneratedRegex(@"\bself\.assert\w*\s*\(")] private static partial Regex PySelfAssert();
    [GeneratedRegex(@"\bpytest\.raises\s*\(")] private static partial Regex PyRaises();
    [GeneratedRegex(@"@(pytest\.mark\.skip\w*|unittest\.skip\w*)")] private static partial Regex PySkip();
    [GeneratedRegex(@"\bt\.(Error|Errorf|Fatal|Fatalf|Fail|FailNow)\s*\(")] private static partial Regex GoFail();
    [GeneratedRegex(@"\b(assert|require)\.\w+\s*\(")] private static partial Regex GoAssert();
    [GeneratedRegex(@"\bt\.Skip\w*\s*\(")] private static partial Regex GoSkip();
    [GeneratedRegex(@"\b(assert\w*|fail)\s*\(")] private static partial Regex JavaAssert();
    [GeneratedRegex(@"@(Disabled|Ignore)\b")] private static partial Regex JavaSkip();
    [GeneratedRegex(@"\bexpect\s*\(")] private static partial Regex JsExpect();
    [GeneratedRegex(@"\bassert(\.\w+)?\s*\(")] private static partial Regex JsAssert();
    [GeneratedRegex(@"\.should\b")] private static partial Regex JsShould();
    [GeneratedRegex(@"\b((it|test|describe)\.(skip|todo)|x(it|describe|test))\s*\(")] private static partial Regex JsSkip();
}
