using System.Text.Json;

namespace Agent.Activities.Assessment;

/// <summary>Outdated and vulnerable package counts, or why they cannot be known.</summary>
/// <param name="Outdated">Top-level packages with a newer version, or null when unknown.</param>
/// <param name="Vulnerable">Top-level packages with a known vulnerability, or null when unknown.</param>
/// <param name="Packages">Their names, e.g. <c>Foo 1.0.0 → 2.0.0</c>.</param>
/// <param name="UnknownReason">Why the counts are unknown.</param>
public sealed record DependencyReport(int? Outdated, int? Vulnerable, IReadOnlyList<string> Packages, string? UnknownReason);

/// <summary>
/// Asks the package manager (<c>dotnet list package --outdated/--vulnerable --format json</c>) about the solution's
/// packages. Both need the package registry: when it cannot be reached the answer is "unknown" with the reason, never a
/// guessed zero.
/// </summary>
public sealed class DependencyFreshnessProbe(CommandRunner runner)
{
    /// <summary>Checks the .NET packages of <paramref name="entry"/>.</summary>
    public async Task<DependencyReport> CheckDotnetAsync(string root, string entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var outdated = await ListAsync(root, entry, "--outdated", timeout, cancellationToken).ConfigureAwait(false);
        if (outdated.Error is not null) return new DependencyReport(null, null, [], outdated.Error);
        var vulnerable = await ListAsync(root, entry, "--vulnerable", timeout, cancellationToken).ConfigureAwait(false);
        var packages = outdated.Packages.Select(p => $"{p.Id} {p.Resolved} → {p.Latest}").ToList();
        return new DependencyReport(outdated.Packages.Count, vulnerable.Error is null ? vulnerable.Packages.Count : null, packages, vulnerable.Error);
    }

    private async Task<(List<(string Id, string? Resolved, string? Latest)> Packages, string? Error)> ListAsync(string root, string entry, string kind, TimeSpan timeout, CancellationToken cancellationToken)
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
            var packages = new List<(string, string?, string?)>();
            foreach (var project in Array(doc.RootElement, "projects"))
            foreach (var framework in Array(project, "frameworks"))
            foreach (var package in Array(framework, "topLevelPackages"))
            {
                packages.Add((package.GetProperty("id").GetString() ?? "?", Text(package, "resolvedVersion"), Text(package, "latestVersion")));
            }
            return ([.. packages.DistinctBy(p => p.Item1)], null);
        }
        catch (JsonException)
        {
            return ([], $"'{spec}' exited {outcome.ExitCode} without JSON output: {outcome.Tail(300)}");
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
