using System.Text.Json;

namespace Agent.Activities.Assessment;

/// <summary>One top-level package as the package manager reports it: what is used, what is wanted, what exists, what is known bad.</summary>
/// <param name="Ecosystem"><c>nuget</c> or <c>npm</c>.</param>
/// <param name="Package">Its id.</param>
/// <param name="Current">The resolved (installed) version, or null when not installed.</param>
/// <param name="Latest">The newest version, or null when it is not outdated.</param>
/// <param name="Advisory">A known vulnerability (<c>severity advisory-url</c>), or null.</param>
public sealed record DependencyStatus(string Ecosystem, string Package, string? Current, string? Latest, string? Advisory)
{
    /// <summary>Whether a newer version exists.</summary>
    public bool Outdated => Latest is not null && Latest != Current;

    /// <summary>The evidence in one line, e.g. <c>Foo 1.0.0 → 2.0.0 (vulnerable: High https://…)</c>.</summary>
    public override string ToString() =>
        $"{Package} {Current ?? "(not installed)"}{(Outdated ? $" → {Latest}" : "")}{(Advisory is null ? "" : $" (vulnerable: {Advisory})")}";
}

/// <summary>Outdated and vulnerable package counts, or why they cannot be known.</summary>
/// <param name="Outdated">Top-level packages with a newer version, or null when unknown.</param>
/// <param name="Vulnerable">Top-level packages with a known vulnerability, or null when unknown.</param>
/// <param name="Packages">Their names, e.g. <c>Foo 1.0.0 → 2.0.0</c>.</param>
/// <param name="UnknownReason">Why the counts are unknown.</param>
/// <param name="Dependencies">Every outdated or vulnerable package with its evidence.</param>
public sealed record DependencyReport(int? Outdated, int? Vulnerable, IReadOnlyList<string> Packages, string? UnknownReason, IReadOnlyList<DependencyStatus>? Dependencies = null);

/// <summary>
/// Asks the package manager about a target's packages: <c>dotnet list package --outdated/--vulnerable --format json</c>
/// for .NET, <c>npm outdated --json</c> for Node. Both need the package registry: when it cannot be reached the answer is
/// "unknown" with the reason, never a guessed zero.
/// </summary>
public sealed class DependencyFreshnessProbe(CommandRunner runner)
{
    /// <summary>Checks the .NET packages of <paramref name="entry"/>.</summary>
    public async Task<DependencyReport> CheckDotnetAsync(string root, string entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var outdated = await ListAsync(root, entry, "--outdated", timeout, cancellationToken).ConfigureAwait(false);
        if (outdated.Error is not null) return new DependencyReport(null, null, [], outdated.Error);
        var vulnerable = await ListAsync(root, entry, "--vulnerable", timeout, cancellationToken).ConfigureAwait(false);
        var advisories = vulnerable.Packages.Where(p => p.Advisory is not null).ToDictionary(p => p.Package, p => p.Advisory, StringComparer.OrdinalIgnoreCase);
        var statuses = outdated.Packages.Select(p => p with { Advisory = advisories.GetValueOrDefault(p.Package) })
            .Concat(vulnerable.Packages.Where(v => outdated.Packages.All(o => !string.Equals(o.Package, v.Package, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        var packages = outdated.Packages.Select(p => $"{p.Package} {p.Current} → {p.Latest}").ToList();
        return new DependencyReport(outdated.Packages.Count, vulnerable.Error is null ? vulnerable.Packages.Count : null, packages, vulnerable.Error, statuses);
    }

    /// <summary>
    /// Checks the npm packages of the Node project in <paramref name="root"/> (<c>npm outdated --json</c>, which exits 1
    /// when something is outdated). Vulnerabilities are not asked (<c>npm audit</c> needs the registry's audit service),
    /// so their count stays unknown.
    /// </summary>
    public async Task<DependencyReport> CheckNpmAsync(string root, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spec = new CommandSpec("npm", ["outdated", "--json"], root, timeout);
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return new DependencyReport(null, null, [], outcome.StartError);
        if (outcome.TimedOut) return new DependencyReport(null, null, [], $"'{spec}' ran longer than {timeout} (is the npm registry reachable?)");
        try
        {
            var text = outcome.StandardOutput.Trim();
            using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            if (doc.RootElement.TryGetProperty("error", out var error))
                return new DependencyReport(null, null, [], $"'{spec}' reported: {Text(error, "summary") ?? error.ToString()}");
            var statuses = doc.RootElement.EnumerateObject()
                .Select(p => new DependencyStatus("npm", p.Name, Text(p.Value, "current"), Text(p.Value, "latest"), null))
                .Where(s => s.Outdated)
                .ToList();
            return new DependencyReport(statuses.Count, null, [.. statuses.Select(s => $"{s.Package} {s.Current ?? "(not installed)"} → {s.Latest}")],
                "npm vulnerabilities are not checked (npm audit is not run)", statuses);
        }
        catch (JsonException)
        {
            return new DependencyReport(null, null, [], $"'{spec}' exited {outcome.ExitCode} without JSON output: {outcome.Tail(300)}");
        }
    }

    private async Task<(List<DependencyStatus> Packages, string? Error)> ListAsync(string root, string entry, string kind, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spec = new CommandSpec("dotnet", ["list", entry, "package", kind, "--format", "json"], root, timeout) { Environment = DotnetEnvironment.Variables };
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return ([], outcome.StartError);
        if (outcome.TimedOut) return ([], $"'{spec}' ran longer than {timeout} (is the package registry reachable?)");
        try
        {
            using var doc = JsonDocument.Parse(outcome.StandardOutput);
            if (doc.RootElement.TryGetProperty("problems", out var problems) && problems.GetArrayLength() > 0)
                return ([], $"'{spec}' reported: {problems[0].GetProperty("text").GetString()}");
            if (!outcome.Succeeded) return ([], $"'{spec}' exited {outcome.ExitCode}: {outcome.Tail(300)}");
            var packages = new List<DependencyStatus>();
            foreach (var project in Array(doc.RootElement, "projects"))
            foreach (var framework in Array(project, "frameworks"))
            foreach (var package in Array(framework, "topLevelPackages"))
            {
                var advisory = Array(package, "vulnerabilities").Select(v => $"{Text(v, "severity")} {Text(v, "advisoryurl")}".Trim()).FirstOrDefault();
                packages.Add(new DependencyStatus("nuget", package.GetProperty("id").GetString() ?? "?", Text(package, "resolvedVersion"), Text(package, "latestVersion"), advisory));
            }
            return ([.. packages.DistinctBy(p => p.Package)], null);
        }
        catch (JsonException)
        {
            return ([], $"'{spec}' exited {outcome.ExitCode} without JSON output: {outcome.Tail(300)}");
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
