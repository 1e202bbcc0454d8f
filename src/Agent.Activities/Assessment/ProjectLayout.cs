using System.Text.Json;
using Agent.Activities.Assessment.Dotnet;
using Agent.Activities.Assessment.Node;
using Agent.Activities.Assessment.Python;

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

    /// <summary>The .NET test projects, with their framework and platform.</summary>
    public IReadOnlyList<DotnetTestProject> DotnetTestProjects { get; init; } = [];

    /// <summary>The JavaScript test runner found from package.json and config files, or null without JavaScript tests.</summary>
    public NodeRunnerDetection? NodeRunner { get; init; }

    /// <summary>The package.json, when there is one at the root.</summary>
    public NodePackage? NodePackage { get; init; }

    /// <summary>Whether the repository's Python tests are unittest tests (and not pytest's).</summary>
    public bool HasUnittest { get; init; }

    /// <summary>What the Python project declares to install (requirements files, a package manifest).</summary>
    public PythonManifest? PythonManifest { get; init; }

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
        var rootFiles = files.Where(f => !f.Contains('/', StringComparison.Ordinal)).ToList();
        var package = NodePackage.Read(root);
        var python = PythonProjectDetector.Detect(root, files);
        return new ProjectLayout(entry, entry is not null && UsesPlatform(root), coverlet, package?.TestScript, python.Runner == PythonTestRunner.Pytest)
        {
            HasDotnetTests = texts.Any(t => TestProjectMarkers.Any(m => t.Contains(m, StringComparison.OrdinalIgnoreCase))),
            DotnetTestProjects = [.. projects.Select(p => DotnetTestProject.Read(root, p)).OfType<DotnetTestProject>()],
            NodePackage = package,
            NodeRunner = package is null ? null : NodeRunnerDetector.Detect(root, package, rootFiles),
            HasUnittest = python.Runner == PythonTestRunner.Unittest,
            PythonManifest = python.Manifest,
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
}
