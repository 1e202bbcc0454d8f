using System.Text.Json;

namespace Agent.Activities.Assessment.Node;

/// <summary>What the agent reads from a <c>package.json</c>: the test script, the declared packages and top-level keys.</summary>
/// <param name="TestScript">The <c>scripts.test</c> command, or null.</param>
/// <param name="Packages">Names in <c>dependencies</c>, <c>devDependencies</c> and <c>optionalDependencies</c>.</param>
/// <param name="TopLevelKeys">The manifest's own keys (a <c>jest</c>, <c>ava</c> or <c>mocha</c> key configures that runner).</param>
/// <param name="NeedsItsFolder">Whether installing needs the project's own folder: workspaces, or <c>file:</c>/<c>link:</c>/<c>workspace:</c> dependencies.</param>
public sealed record NodePackage(string? TestScript, IReadOnlySet<string> Packages, IReadOnlySet<string> TopLevelKeys, bool NeedsItsFolder)
{
    /// <summary>The script <c>npm init</c> writes, which runs no tests.</summary>
    public const string NpmInitPlaceholder = "echo \"Error: no test specified\" && exit 1";

    /// <summary>Whether the project declares dependencies to install.</summary>
    public bool HasDependencies => Packages.Count > 0;

    /// <summary>Reads <c>package.json</c> in <paramref name="root"/>; null when there is none or it is not a JSON object.</summary>
    public static NodePackage? Read(string root)
    {
        var path = Path.Combine(root, "package.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            var manifest = doc.RootElement;
            if (manifest.ValueKind != JsonValueKind.Object) return null;
            var packages = new HashSet<string>(StringComparer.Ordinal);
            var local = manifest.TryGetProperty("workspaces", out _);
            foreach (var section in new[] { "dependencies", "devDependencies", "optionalDependencies" })
            {
                if (!manifest.TryGetProperty(section, out var deps) || deps.ValueKind != JsonValueKind.Object) continue;
                foreach (var dep in deps.EnumerateObject())
                {
                    packages.Add(dep.Name);
                    var spec = dep.Value.ValueKind == JsonValueKind.String ? dep.Value.GetString() ?? "" : "";
                    local |= spec.StartsWith("file:", StringComparison.Ordinal) || spec.StartsWith("link:", StringComparison.Ordinal)
                        || spec.StartsWith("workspace:", StringComparison.Ordinal) || spec.StartsWith('.') || spec.StartsWith('/');
                }
            }
            var test = manifest.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty("test", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var keys = manifest.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            return new NodePackage(test, packages, keys, local);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
