using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// The deterministic fixes the agent knows, keyed by compiler diagnostic id (<see cref="ICodeFix"/>). Applying one parses
/// the file with Roslyn, rewrites its syntax tree and writes it back only when the result still parses; in every other
/// case the file is left byte for byte as it was and the result says why.
/// </summary>
public sealed class KnownCodeFixes
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
    private readonly Dictionary<string, ICodeFix> _fixes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registry of <paramref name="fixes"/>.</summary>
    /// <exception cref="ArgumentException">Two fixes claim the same diagnostic id.</exception>
    public KnownCodeFixes(IEnumerable<ICodeFix> fixes)
    {
        foreach (var fix in fixes)
            if (!_fixes.TryAdd(fix.DiagnosticId, fix))
                throw new ArgumentException($"Two known fixes claim {fix.DiagnosticId} ({_fixes[fix.DiagnosticId].GetType().Name} and {fix.GetType().Name}); register one per diagnostic id.", nameof(fixes));
    }

    /// <summary>The diagnostic ids with a known fix, sorted.</summary>
    public IReadOnlyList<string> DiagnosticIds => [.. _fixes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The approach name the learning system records for a deterministic fix of <paramref name="diagnosticId"/>, e.g. <c>ast-fix:CS0219</c>.</summary>
    public static string ApproachName(string diagnosticId) => $"ast-fix:{diagnosticId.Trim().ToUpperInvariant()}";

    /// <summary>Whether a fix for <paramref name="diagnosticId"/> is known.</summary>
    public bool Knows(string? diagnosticId) => diagnosticId is not null && _fixes.ContainsKey(diagnosticId.Trim());

    /// <summary>Applies the fix of <paramref name="target"/> to C# <paramref name="text"/>; <c>NewText</c> is null when it does not apply.</summary>
    public (CodeFixResult Result, string? NewText) ApplyToText(string text, CodeFixTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!_fixes.TryGetValue(target.DiagnosticId.Trim(), out var fix))
            return (new CodeFixNotApplicable($"no known fix for {target.DiagnosticId} (known: {string.Join(", ", DiagnosticIds)})."), null);
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, target.File, cancellationToken: cancellationToken);
        if (FirstError(tree, cancellationToken) is { } before)
            return (new CodeFixNotApplicable($"{target.File} does not parse ({before}); a syntax edit needs a file that parses, so fix the syntax first."), null);
        var edit = fix.Apply(tree.GetRoot(cancellationToken), target);
        if (edit.NewRoot is null) return (new CodeFixNotApplicable($"{target.DiagnosticId} in {target.File}: {edit.Text}"), null);
        var newText = edit.NewRoot.ToFullString();
        if (newText == text) return (new CodeFixNotApplicable($"{target.DiagnosticId} in {target.File}: the edit changed nothing."), null);
        if (FirstError(CSharpSyntaxTree.ParseText(newText, ParseOptions, target.File, cancellationToken: cancellationToken), cancellationToken) is { } after)
            return (new CodeFixNotApplicable($"{target.DiagnosticId} in {target.File}: refused, the edited file would not parse ({after}); the file is unchanged."), null);
        return (new CodeFixApplied($"{target.DiagnosticId} in {target.File}: {edit.Text}"), newText);
    }

    /// <summary>
    /// Applies the fix of <paramref name="target"/> to its file under <paramref name="root"/> (a checkout of the
    /// repository the diagnostic was measured in). The file is rewritten only when the fix applied, in its own encoding
    /// (UTF-8, with its byte order mark if it had one) and its own line endings.
    /// </summary>
    public async Task<CodeFixResult> ApplyAsync(string root, CodeFixTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var folder = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(folder, target.File));
        if (!path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return new CodeFixNotApplicable($"{target.File} is outside {folder}; a fix only edits files of the checkout.");
        if (!path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            return new CodeFixNotApplicable($"{target.File} is not a C# file; known fixes edit .cs files only.");
        if (!File.Exists(path)) return new CodeFixNotApplicable($"{target.File} does not exist in {folder}; the diagnostic is stale, measure again.");

        if (await Utf8TextFile.ReadAsync(path, cancellationToken).ConfigureAwait(false) is not { } file)
            return new CodeFixNotApplicable($"{target.File} is not UTF-8; known fixes only rewrite UTF-8 files.");
        var (result, newText) = ApplyToText(file.Text, target, cancellationToken);
        if (newText is null) return result;
        await Utf8TextFile.WriteAsync(path, newText, file.HasBom, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static string? FirstError(SyntaxTree tree, CancellationToken cancellationToken) =>
        tree.GetDiagnostics(cancellationToken).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error
            ? $"line {error.Location.GetLineSpan().StartLinePosition.Line + 1}: {error.Id} {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"
            : null;
}
