using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Agent.Activities.Assessment;

namespace Agent.Activities.Research.GitHub;

/// <summary>
/// Finds the GitHub repository (<c>owner/name</c>) of a package from what is already on disk, without asking a
/// registry: a NuGet package's <c>.nuspec</c> in the global packages folder (<c>repository url</c>, else
/// <c>projectUrl</c>), an npm package's <c>package.json</c> under the target's <c>node_modules</c> (<c>repository</c>).
/// </summary>
public static partial class PackageRepositoryLocator
{
    /// <summary>The repository of <paramref name="package"/>, or null when no installed copy names a GitHub repository.</summary>
    public static string? Find(DependencyStatus package, string targetPath, string? nugetPackagesFolder = null) => package.Ecosystem switch
    {
        "nuget" => FromNuspec(package, nugetPackagesFolder ?? DefaultNugetFolder()),
        "npm" => FromPackageJson(Path.Combine(targetPath, "node_modules", package.Package, "package.json")),
        _ => null,
    };

    /// <summary>The <c>owner/name</c> of a github.com address, or null.</summary>
    public static string? FromUrl(string? url)
    {
        if (url is null) return null;
        var match = GitHubUrl().Match(url);
        return match.Success ? $"{match.Groups["owner"].Value}/{match.Groups["name"].Value}" : null;
    }

    private static string DefaultNugetFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string? FromNuspec(DependencyStatus package, string folder)
    {
        var id = package.Package.ToLowerInvariant();
        var versions = Path.Combine(folder, id);
        if (!Directory.Exists(versions)) return null;
        var version = package.Current is { } current && Directory.Exists(Path.Combine(versions, current.ToLowerInvariant()))
            ? current.ToLowerInvariant()
            : Directory.GetDirectories(versions).Select(Path.GetFileName).OrderDescending(StringComparer.Ordinal).FirstOrDefault();
        var nuspec = version is null ? null : Path.Combine(versions, version, id + ".nuspec");
        if (nuspec is null || !File.Exists(nuspec)) return null;
        var metadata = XDocument.Load(nuspec).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == name) is { } e ? e.Attribute("url")?.Value ?? e.Value : null;
        return FromUrl(Value("repository")) ?? FromUrl(Value("projectUrl"));
    }

    private static string? FromPackageJson(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (!doc.RootElement.TryGetProperty("repository", out var repository)) return null;
            var url = repository.ValueKind == JsonValueKind.String ? repository.GetString()
                : repository.TryGetProperty("url", out var u) ? u.GetString() : null;
            // npm shorthand: "github:owner/name" or "owner/name".
            if (url is not null && !url.Contains("://", StringComparison.Ordinal)) url = "https://github.com/" + url.Replace("github:", "", StringComparison.Ordinal);
            return FromUrl(url);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"github\.com[/:](?<owner>[\w.-]+)/(?<name>[\w.-]+?)(\.git)?(/|$|#|\?)", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();
}
