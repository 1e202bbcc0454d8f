using System.Text.Json;

namespace Agent.Activities.Assessment;

/// <summary>What kinds of projects a target holds, found from its files.</summary>
/// <param name="DotnetEntry">The solution (or the single project) <c>dotnet build</c>/<c>dotnet test</c> run on, relative to the root.</param>
/// <param name="UsesTestingPlatform">Whether <c>global.json</c> selects Microsoft.Testing.Platform for <c>dotnet test</c>.</param>
/// <param name="HasCoverlet">Whether a test project references coverlet.collector (line coverage is then collected).</param>
/// <param name="NodeTestScript">The <c>test</c> script of <c>package.json</c>, when there is one.</param>
/// <param name="HasPytest">Whether the repository looks like a pytest project.</param>
public sealed record ProjectLayout(string? DotnetEntry, bool UsesTestingPlatform, bool HasCoverlet, string? NodeTestScript, bool HasPytest)
{
    private static readonly string[] TestProjectMarkers = ["Microsoft.NET.Test.Sdk", "MSTest", "xunit", "NUnit", "<IsTestProject>true", "EnableMSTestRunner"];

    /// <summary>Whether some project is a test project (references a test framework or says it is one).</summary>
    public bool HasDotnetTests { get; init; }

    /// <summary>Reads the layout from the repository's file list.</summary>
    public static ProjectLayout Detect(string root, IReadOnlyList<string> files)
    {
        var solutions = files.Where(f => f.EndsWith(".sln", StringComparison.Ordinal) || f.EndsWith(".slnx", StringComparison.Ordinal))
            .OrderBy(Depth).ThenBy(f => f, StringComparer.Ordinal).ToList();
        var projects = files.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).ToList();
        var entry = solutions.FirstOrDefault() ?? (projects.Count == 1 ? projects[0] : null);
        if (entry is null && projects.Count > 1)
        {
            // Several projects and no solution: dotnet cannot pick one; the shallowest test project pulls in the rest.
            entry = projects.Where(IsTestPath).OrderBy(Depth).FirstOrDefault() ?? projects.OrderBy(Depth).First();
        }
        var texts = projects.Select(p => File.ReadAllText(Path.Combine(root, p))).ToList();
        var coverlet = texts.Any(t => t.Contains("coverlet.collector", StringComparison.OrdinalIgnoreCase));
        return new ProjectLayout(entry, entry is not null && UsesPlatform(root), coverlet, NodeTestScriptOf(root), LooksLikePytest(root, files))
        {
            HasDotnetTests = texts.Any(t => TestProjectMarkers.Any(m => t.Contains(m, StringComparison.OrdinalIgnoreCase))),
        };
    }

    /// <summary>Whether a path is in a test folder or project (…Tests/, tests/, test/).</summary>
    public static bool IsTestPath(string relativePath) =>
        relativePath.Split('/').SkipLast(1).Any(segment =>
            segment.Equals("test", StringComparison.OrdinalIgnoreCase) || segment.Equals("tests", StringComparison.OrdinalIgnoreCase)
            || segment.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase) || segment.EndsWith(".Test", StringComparison.OrdinalIgnoreCase));

    private static int Depth(string path) => path.Count(c => c == '/');

    private static bool UsesPlatform(string root)
    {
        var globalJson = Path.Combine(root, "global.json");
        if (!File.Exists(globalJson)) return false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(globalJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.TryGetProperty("test", out var test) && test.TryGetProperty("runner", out var runner)
                && string.Equals(runner.GetString(), "Microsoft.Testing.Platform", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? NodeTestScriptOf(string root)
    {
        var packageJson = Path.Combine(root, "package.json");
        if (!File.Exists(packageJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(packageJson));
            return doc.RootElement.TryGetProperty("scripts", out var scripts) && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String
                ? test.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool LooksLikePytest(string root, IReadOnlyList<string> files) =>
        File.Exists(Path.Combine(root, "pytest.ini")) || File.Exists(Path.Combine(root, "conftest.py"))
        || (File.Exists(Path.Combine(root, "pyproject.toml")) && File.ReadAllText(Path.Combine(root, "pyproject.toml")).Contains("pytest", StringComparison.Ordinal))
        || files.Any(f => Path.GetFileName(f).StartsWith("test_", StringComparison.Ordinal) && f.EndsWith(".py", StringComparison.Ordinal));
}
