using System.Text.Json;
using System.Text.RegularExpressions;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Safety.Decisions;

/// <summary>A dependency a change adds.</summary>
/// <param name="Ecosystem"><c>nuget</c>, <c>npm</c> or <c>pypi</c>.</param>
/// <param name="Name">Its id.</param>
/// <param name="Version">The version asked for, when the manifest names one.</param>
/// <param name="Manifest">The file that adds it (repository-relative).</param>
public sealed record AddedDependency(string Ecosystem, string Name, string? Version, string Manifest);

/// <summary>
/// Reads the dependencies a change adds from its manifests: <c>PackageReference</c>/<c>PackageVersion</c> items of project
/// and props files, the dependency maps of <c>package.json</c>, and the lines of <c>requirements*.txt</c>.
/// </summary>
public static partial class AddedDependencies
{
    /// <summary>The dependencies in the new text of each manifest that were not in its old text.</summary>
    public static IReadOnlyList<AddedDependency> Of(WorktreeDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var added = new List<AddedDependency>();
        foreach (var file in diff.Files.Where(f => f.After is not null))
        {
            var name = Path.GetFileName(file.Path);
            if (name.EndsWith("proj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".targets", StringComparison.OrdinalIgnoreCase))
                added.AddRange(New(NuGet(file.Before), NuGet(file.After)).Select(d => new AddedDependency("nuget", d.Key, d.Value, file.Path)));
            else if (name.Equals("package.json", StringComparison.OrdinalIgnoreCase))
                added.AddRange(New(Npm(file.Before), Npm(file.After)).Select(d => new AddedDependency("npm", d.Key, d.Value, file.Path)));
            else if (name.StartsWith("requirements", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
                added.AddRange(New(Pip(file.Before), Pip(file.After)).Select(d => new AddedDependency("pypi", d.Key, d.Value, file.Path)));
        }
        return added;
    }

    private static IEnumerable<KeyValuePair<string, string?>> New(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        after.Where(a => !before.ContainsKey(a.Key));

    private static Dictionary<string, string?> NuGet(string? text)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in PackageItem().Matches(text ?? ""))
            result.TryAdd(m.Groups["id"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null);
        return result;
    }

    private static Dictionary<string, string?> Npm(string? text)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return result;
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var map in new[] { "dependencies", "devDependencies", "optionalDependencies", "peerDependencies" })
                if (doc.RootElement.TryGetProperty(map, out var deps) && deps.ValueKind == JsonValueKind.Object)
                    foreach (var dep in deps.EnumerateObject())
                        result.TryAdd(dep.Name, dep.Value.ValueKind == JsonValueKind.String ? dep.Value.GetString() : null);
        }
        catch (JsonException) { } // a broken package.json fails the diff-parses gate; here it simply adds nothing known
        return result;
    }

    private static Dictionary<string, string?> Pip(string? text)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Requirement().Matches(text ?? ""))
            result.TryAdd(m.Groups["name"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null);
        return result;
    }

    [GeneratedRegex(@"<Package(?:Reference|Version)\s+(?:Include|Update)=""(?<id>[^""]+)""(?:\s+Version=""(?<version>[^""]+)"")?")] private static partial Regex PackageItem();
    [GeneratedRegex(@"(?m)^\s*(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:==\s*(?<version>[^\s;#]+))?")] private static partial Regex Requirement();
}
