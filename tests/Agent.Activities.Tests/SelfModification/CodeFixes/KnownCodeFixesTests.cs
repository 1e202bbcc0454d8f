using System.Text;
using Agent.Activities.SelfModification.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agent.Activities.Tests.SelfModification.CodeFixes;

/// <summary>
/// The known fixes on real compiler warnings: each removes exactly the reported node as a syntax edit, keeps the code
/// around it as written, leaves the file byte-identical when it does not apply, and never writes a file that does not parse.
/// </summary>
[TestClass]
public sealed class KnownCodeFixesTests
{
    public TestContext TestContext { get; set; } = null!;

    private static KnownCodeFixes Fixes => new([new UnusedAssignedLocalFix(), new UnusedDeclaredLocalFix()]);

    private static string Class(string body) => $$"""
        namespace Sample;

        public static class Code
        {
            public static int Run(int a)
            {
        {{body}}
            }

            private static int Compute() => 42;
        }

        """;

    private static (CodeFixResult Result, string? NewText) FixOnly(string text, string id)
    {
        var warning = RealCompiler.Warnings(text).Single(w => w.DiagnosticId == id);
        return Fixes.ApplyToText(text, warning);
    }

    private static void AssertParsesWithoutWarnings(string text)
    {
        Assert.IsEmpty(CSharpSyntaxTree.ParseText(text).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), "the result parses");
        Assert.IsEmpty(RealCompiler.Warnings(text), "the compiler has no warning left");
    }

    [TestMethod]
    public void CS0219_removes_the_sample_s_unused_local_and_keeps_everything_else_as_written()
    {
        var path = Path.Combine(AgentRepository.Root, "samples", "dotnet-calculator", "src", "Calculator", "Arithmetic.cs");
        var text = File.ReadAllText(path);

        var (result, newText) = FixOnly(text, "CS0219");

        Assert.IsInstanceOfType<CodeFixApplied>(result, result.Text);
        StringAssert.Contains(result.Text, "'unused'");
        StringAssert.Contains(result.Text, "line 15");
        Assert.AreEqual(text.Replace("        var unused = 0;\n", "", StringComparison.Ordinal), newText);
        AssertParsesWithoutWarnings(newText!);
    }

    [TestMethod]
    public void CS0219_keeps_comment_lines_above_drops_the_comment_on_its_line_and_keeps_CRLF()
    {
        var text = Class("        // the product\n        var unused = \"x\" + \"y\"; // never read\n\n        return a * 2;").Replace("\n", "\r\n", StringComparison.Ordinal);

        var (result, newText) = FixOnly(text, "CS0219");

        Assert.IsTrue(result.IsApplied, result.Text);
        Assert.AreEqual(Class("        // the product\n\n        return a * 2;").Replace("\n", "\r\n", StringComparison.Ordinal), newText);
    }

    [TestMethod]
    public void CS0219_removes_only_its_declarator_when_the_statement_declares_several()
    {
        var text = Class("        int used = 1, unused = 2;\n        return a + used;");

        var (result, newText) = FixOnly(text, "CS0219");

        Assert.IsTrue(result.IsApplied, result.Text);
        Assert.AreEqual(Class("        int used = 1;\n        return a + used;"), newText);
        AssertParsesWithoutWarnings(newText!);
    }

    [TestMethod]
    [DataRow("var unused = Compute();", "Compute()")]
    [DataRow("var unused = new System.Text.StringBuilder();", "new System.Text.StringBuilder()")]
    [DataRow("var unused = a++;", "a++")]
    public async Task CS0219_does_not_apply_when_the_initializer_may_have_side_effects_and_the_file_stays_byte_identical(string declaration, string initializer)
    {
        // The real compiler does not report these (their values are not constants), so the target is the line itself.
        var text = Class($"        {declaration}\n        return a;");
        var target = new CodeFixTarget("CS0219", "src/Code.cs", 7, "The variable 'unused' is assigned but its value is never used");

        var (result, bytesBefore, bytesAfter) = await ApplyToFileAsync(text, target);

        Assert.IsInstanceOfType<CodeFixNotApplicable>(result);
        StringAssert.Contains(result.Text, "side effects");
        StringAssert.Contains(result.Text, initializer);
        CollectionAssert.AreEqual(bytesBefore, bytesAfter, "the file is untouched");
    }

    [TestMethod]
    [DataRow(8, "unused", "no local 'unused' is declared on line 8")]
    [DataRow(7, "other", "no local 'other' is declared on line 7")]
    [DataRow(99, "unused", "line 99 is not in the file")]
    public async Task A_stale_diagnostic_whose_node_is_not_there_leaves_the_file_byte_identical(int line, string name, string expected)
    {
        var text = Class("        var unused = 0;\n        return a;");
        var target = new CodeFixTarget("CS0219", "src/Code.cs", line, $"The variable '{name}' is assigned but its value is never used");

        var (result, bytesBefore, bytesAfter) = await ApplyToFileAsync(text, target);

        Assert.IsFalse(result.IsApplied);
        StringAssert.Contains(result.Text, expected);
        CollectionAssert.AreEqual(bytesBefore, bytesAfter);
    }

    [TestMethod]
    public void A_local_that_is_still_written_later_is_not_removed()
    {
        var text = Class("        var unused = 0;\n        unused = 5;\n        return a;");

        var (result, newText) = FixOnly(text, "CS0219");

        Assert.IsNull(newText);
        StringAssert.Contains(result.Text, "still referenced on line 8");
    }

    [TestMethod]
    public void CS0168_removes_a_declared_but_unused_local()
    {
        var text = Class("        int never;\n        return a;");

        var (result, newText) = FixOnly(text, "CS0168");

        Assert.IsTrue(result.IsApplied, result.Text);
        Assert.AreEqual(Class("        return a;"), newText);
        AssertParsesWithoutWarnings(newText!);
    }

    [TestMethod]
    public void CS0168_removes_the_name_of_an_unused_exception_variable_and_keeps_the_catch()
    {
        var text = Class("        try { return Compute(); }\n        catch (System.InvalidOperationException e) { return a; }");

        var (result, newText) = FixOnly(text, "CS0168");

        Assert.IsTrue(result.IsApplied, result.Text);
        StringAssert.Contains(result.Text, "exception variable 'e'");
        Assert.AreEqual(Class("        try { return Compute(); }\n        catch (System.InvalidOperationException) { return a; }"), newText);
        AssertParsesWithoutWarnings(newText!);
    }

    [TestMethod]
    public async Task A_UTF8_file_with_a_byte_order_mark_keeps_it()
    {
        var text = Class("        var unused = 'é';\n        return a;");
        var target = RealCompiler.Warnings(text).Single();

        var (result, _, after) = await ApplyToFileAsync(text, target, bom: true);

        Assert.IsTrue(result.IsApplied, result.Text);
        CollectionAssert.AreEqual(Encoding.UTF8.GetPreamble(), after.Take(3).ToArray());
        Assert.AreEqual(Class("        return a;"), new UTF8Encoding(false).GetString(after, 3, after.Length - 3));
    }

    [TestMethod]
    public async Task A_fix_whose_result_would_not_parse_is_refused_and_the_file_stays_byte_identical()
    {
        var text = Class("        var unused = 0;\n        return a;");
        var fixes = new KnownCodeFixes([new DropsEveryCloseBraceFix()]);

        var (result, before, after) = await ApplyToFileAsync(text, new CodeFixTarget("XX0001", "src/Code.cs", 7, "anything"), fixes);

        Assert.IsFalse(result.IsApplied);
        StringAssert.Contains(result.Text, "would not parse");
        CollectionAssert.AreEqual(before, after);
    }

    [TestMethod]
    public async Task Unknown_diagnostics_files_that_do_not_parse_and_paths_outside_the_checkout_are_not_applicable()
    {
        var text = Class("        var unused = 0;\n        return a;");
        Assert.Contains("no known fix for CS1591", Fixes.ApplyToText(text, new CodeFixTarget("CS1591", "src/Code.cs", 7, "x")).Result.Text);
        Assert.Contains("does not parse", Fixes.ApplyToText(text + "class {", new CodeFixTarget("CS0219", "src/Code.cs", 7, "'unused'")).Result.Text);
        var (outside, _, _) = await ApplyToFileAsync(text, new CodeFixTarget("CS0219", "../Code.cs", 7, "'unused'"));
        Assert.Contains("outside", outside.Text);
        Assert.Throws<ArgumentException>(() => new KnownCodeFixes([new UnusedAssignedLocalFix(), new UnusedAssignedLocalFix()]));
        CollectionAssert.AreEqual(new[] { "CS0168", "CS0219" }, Fixes.DiagnosticIds.ToArray());
    }

    // Writes text to a checkout-like temp folder, applies the fix to the file there and reads the bytes before and after.
    private async Task<(CodeFixResult Result, byte[] Before, byte[] After)> ApplyToFileAsync(string text, CodeFixTarget target, KnownCodeFixes? fixes = null, bool bom = false)
    {
        var root = TempFolder.Create("agent-code-fixes");
        try
        {
            var path = Path.Combine(root, "src", "Code.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, new UTF8Encoding(bom), TestContext.CancellationToken);
            var before = await File.ReadAllBytesAsync(path, TestContext.CancellationToken);
            var result = await (fixes ?? Fixes).ApplyAsync(root, target, TestContext.CancellationToken);
            return (result, before, await File.ReadAllBytesAsync(path, TestContext.CancellationToken));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A wrong fix, to prove the registry's parse check: it removes every closing brace.</summary>
    private sealed class DropsEveryCloseBraceFix : ICodeFix
    {
        public string DiagnosticId => "XX0001";

        public string Title => "breaks the file";

        public SyntaxEdit Apply(SyntaxNode root, CodeFixTarget target) =>
            SyntaxEdit.To(root.ReplaceTokens(root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.CloseBraceToken)), (_, t) => SyntaxFactory.MissingToken(SyntaxKind.CloseBraceToken)), "removed every }");
    }
}
