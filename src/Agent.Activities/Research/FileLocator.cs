using System.Text.RegularExpressions;

namespace Agent.Activities.Research;

/// <summary>Finds repository files named in error text, holding a test, or required/covered by a test.</summary>
internal static partial class FileLocator
{
    private static readonly string[] SourceExtensions = [".cs", ".js", ".mjs", ".cjs", ".ts", ".py"];

    /// <summary>Paths mentioned in <paramref name="text"/> (stack traces: <c>in /x/File.cs:line 3</c>, <c>(/x/a.js:16:10)</c>) that are files of the repository.</summary>
    public static IEnumerable<string> Mentioned(string text, string root, IReadOnlySet<string> files)
    {
        foreach (Match m in PathInText().Matches(text))
        {
            var raw = m.Groups["path"].Value;
            if (raw.StartsWith("file://", StringComparison.Ordinal)) raw = new Uri(raw).LocalPath;
            var full = Path.IsPathRooted(raw) ? raw : Path.Combine(root, raw);
            var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
            if (files.Contains(relative)) yield return relative;
        }
    }

    /// <summary>Source files whose text contains <paramref name="needle"/> (a test's method name or title).</summary>
    public static IEnumerable<string> Containing(string needle, string root, IEnumerable<string> files) =>
        files.Where(IsSource).Where(f => File.ReadAllText(Path.Combine(root, f)).Contains(needle, StringComparison.Ordinal));

    /// <summary>Files named <c>{typeName}.*</c> (the class under test of <c>{typeName}Tests</c>).</summary>
    public static IEnumerable<string> NamedAfter(string typeName, IEnumerable<string> files) =>
        files.Where(IsSource).Where(f => string.Equals(Path.GetFileNameWithoutExtension(f), typeName, StringComparison.Ordinal));

    /// <summary>Files a JavaScript/Python test imports by relative path.</summary>
    public static IEnumerable<string> Imported(string testFile, string root, IReadOnlySet<string> files)
    {
        var text = File.ReadAllText(Path.Combine(root, testFile));
        var folder = Path.GetDirectoryName(Path.Combine(root, testFile))!;
        foreach (Match m in RelativeImport().Matches(text))
        {
            var target = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(folder, m.Groups["path"].Value))).Replace('\\', '/');
            foreach (var candidate in new[] { target }.Concat(SourceExtensions.Select(e => target + e)))
            {
                if (files.Contains(candidate))
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }

    public static bool IsSource(string file) => SourceExtensions.Any(e => file.EndsWith(e, StringComparison.Ordinal));

    [GeneratedRegex(@"(?<path>(file://)?(/|\.{0,2}/|[A-Za-z]:\\)?[\w.\-/\\]+\.(cs|js|mjs|cjs|ts|py))(:line \d+|:\d+)")]
    private static partial Regex PathInText();

    [GeneratedRegex(@"(require\(\s*|from\s+|import\s+)['""](?<path>\.{1,2}/[^'""]+)['""]")]
    private static partial Regex RelativeImport();
}
