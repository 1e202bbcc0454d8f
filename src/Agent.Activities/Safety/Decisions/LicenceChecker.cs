using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// Respect licences: every dependency the change adds has a known licence that is not on
/// <see cref="DecisionsOptions.DeniedLicences"/>. Licences are read offline: the <c>.nuspec</c> in the NuGet packages
/// folder (<c>&lt;license type="expression"&gt;</c>), <c>node_modules/&lt;pkg&gt;/package.json</c> (<c>license</c>). A
/// denied licence denies; a licence that cannot be read escalates to a human (unknown is not denied).
/// </summary>
public sealed class LicenceChecker(IOptions<DecisionsOptions> options) : IPrincipleChecker
{
    private readonly HashSet<string> _denied = new(options.Value.DeniedLicences, StringComparer.OrdinalIgnoreCase);
    private readonly string _nuget = options.Value.NuGetPackagesFolder
        ?? Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <inheritdoc />
    public string Principle => PrincipleIds.Licences;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Diff is null || subject.WorktreePath is null) return Task.FromResult(PrincipleResult.Pass(Principle, $"a {subject.Kind} decision adds no dependency"));
        var added = AddedDependencies.Of(subject.Diff);
        if (added.Count == 0) return Task.FromResult(PrincipleResult.Pass(Principle, "no dependency added"));
        var denied = new List<string>();
        var unknown = new List<string>();
        var allowed = new List<string>();
        foreach (var dependency in added)
        {
            var (licence, source) = Licence(subject.WorktreePath, dependency);
            var name = $"{dependency.Ecosystem} {dependency.Name}{(dependency.Version is null ? "" : " " + dependency.Version)} ({dependency.Manifest})";
            if (licence is null) unknown.Add($"{name}: licence unknown ({source})");
            else if (IsDenied(licence)) denied.Add($"{name}: licence {licence} is denied (Safety:Decisions:DeniedLicences; from {source})");
            else allowed.Add($"{name}: {licence} (from {source})");
        }
        if (denied.Count > 0) return Task.FromResult(PrincipleResult.Fail(Principle, DecisionOutcome.Deny, [.. denied, .. unknown, .. allowed]));
        if (unknown.Count > 0) return Task.FromResult(PrincipleResult.Unknown(Principle, [.. unknown, .. allowed]));
        return Task.FromResult(PrincipleResult.Pass(Principle, allowed));
    }

    /// <summary>Whether the SPDX <paramref name="expression"/> leaves no allowed choice: every <c>OR</c> alternative names a denied licence.</summary>
    public bool IsDenied(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var alternatives = expression.Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal)
            .Split(" OR ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return alternatives.All(a => a.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(id => _denied.Contains(id.Replace(" WITH ", " ", StringComparison.Ordinal).Split(' ')[0].TrimEnd('+'))));
    }

    private (string? Licence, string Source) Licence(string worktree, AddedDependency dependency) => dependency.Ecosystem switch
    {
        "nuget" => NuGetLicence(dependency),
        "npm" => NpmLicence(Path.Combine(worktree, Path.GetDirectoryName(dependency.Manifest) ?? ""), dependency.Name),
        _ => (null, $"no offline {dependency.Ecosystem} metadata"),
    };

    private (string?, string) NuGetLicence(AddedDependency dependency)
    {
        var id = dependency.Name.ToLowerInvariant();
        var folder = Path.Combine(_nuget, id);
        if (!Directory.Exists(folder)) return (null, $"{folder} does not exist (restore the package)");
        var version = dependency.Version is { } v && Directory.Exists(Path.Combine(folder, v.ToLowerInvariant())) ? v.ToLowerInvariant()
            : Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).LastOrDefault();
        var nuspec = version is null ? null : Path.Combine(folder, version, id + ".nuspec");
        if (nuspec is null || !File.Exists(nuspec)) return (null, $"no .nuspec under {folder}");
        var metadata = XDocument.Load(nuspec).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        var license = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        if (license is not null && (string?)license.Attribute("type") == "expression") return (license.Value.Trim(), nuspec);
        var url = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "licenseUrl")?.Value.Trim();
        const string Spdx = "https://licenses.nuget.org/";
        if (url is not null && url.StartsWith(Spdx, StringComparison.OrdinalIgnoreCase)) return (Uri.UnescapeDataString(url[Spdx.Length..]), nuspec);
        return (null, license is not null ? $"{nuspec} has its licence in a file ({license.Value.Trim()}); read it" : url is not null ? $"{nuspec} only links {url}" : $"{nuspec} names no licence");
    }

    private static (string?, string) NpmLicence(string folder, string package)
    {
        var manifest = Path.Combine(folder, "node_modules", package, "package.json");
        if (!File.Exists(manifest)) return (null, $"{manifest} does not exist (run npm install)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            var root = doc.RootElement;
            if (root.TryGetProperty("license", out var license))
            {
                if (license.ValueKind == JsonValueKind.String) return (license.GetString(), manifest);
                if (license.ValueKind == JsonValueKind.Object && license.TryGetProperty("type", out var type)) return (type.GetString(), manifest);
            }
            if (root.TryGetProperty("licenses", out var licenses) && licenses.ValueKind == JsonValueKind.Array)
            {
                var types = licenses.EnumerateArray().Select(l => l.TryGetProperty("type", out var t) ? t.GetString() : null).OfType<string>().ToList();
                if (types.Count > 0) return (string.Join(" OR ", types), manifest);
            }
            return (null, $"{manifest} names no licence");
        }
        catch (JsonException e) { return (null, $"{manifest} is not valid JSON ({e.Message})"); }
    }
}
