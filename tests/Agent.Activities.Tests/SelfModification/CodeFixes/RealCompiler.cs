using Agent.Activities.SelfModification.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Agent.Activities.Tests.SelfModification.CodeFixes;

/// <summary>Compiles one C# file with the real Roslyn compiler against the running framework, to read its real warnings.</summary>
internal static class RealCompiler
{
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);

    /// <summary>The warnings the compiler reports for <paramref name="text"/>, as the build measurer would record them.</summary>
    public static List<CodeFixTarget> Warnings(string text, string file = "src/Code.cs")
    {
        var tree = CSharpSyntaxTree.ParseText(text, path: file);
        var compilation = CSharpCompilation.Create("Check", [tree], References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The code does not compile: " + string.Join("; ", errors));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning)
            .Select(d => new CodeFixTarget(d.Id, file, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
