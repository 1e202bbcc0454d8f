using Agent.Activities.Safety.Limits;
using System.Text.RegularExpressions;

namespace Agent.Activities.Assessment;

/// <summary>The result of <c>dotnet build</c>.</summary>
/// <param name="Succeeded">Whether the build succeeded.</param>
/// <param name="Diagnostics">Distinct warnings and errors.</param>
/// <param name="Problem">Why the build could not run at all (timeout, dotnet missing), or null.</param>
/// <param name="OutputTail">The end of its output.</param>
public sealed record BuildResult(bool Succeeded, IReadOnlyList<BuildDiagnostic> Diagnostics, string? Problem, string OutputTail);

/// <summary>
/// Builds a .NET solution from scratch (<c>--no-incremental</c>, so every warning is reported again) and reads its
/// warnings from MSBuild's canonical lines <c>file(line,col): warning CODE: message [project]</c>.
/// </summary>
public sealed partial class DotnetBuildMeasurer(CommandRunner runner)
{
    /// <summary>Builds <paramref name="entry"/> in <paramref name="root"/>.</summary>
    public async Task<BuildResult> BuildAsync(string root, string entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spec = new CommandSpec("dotnet", ["build", entry, "--no-incremental", "--disable-build-servers", "-nologo", "-clp:NoSummary", "-p:TreatWarningsAsErrors=false"], root, timeout)
        {
            Kind = ProcessKind.Build,
            Environment = DotnetEnvironment.Variables,
        };
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        var diagnostics = Parse(outcome.StandardOutput + "\n" + outcome.StandardError, root);
        var problem = outcome.StartError ?? (outcome.TimedOut ? $"'{spec}' ran longer than {timeout} and was stopped."
            : outcome.Breach is { } breach ? $"'{spec}' was stopped: {breach.Message}." : null);
        return new BuildResult(outcome.Succeeded, diagnostics, problem, outcome.Tail());
    }

    /// <summary>Distinct diagnostics in build output; files inside <paramref name="root"/> become relative.</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output, string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<BuildDiagnostic>();
        foreach (Match m in DiagnosticLine().Matches(output))
        {
            var file = m.Groups["file"].Value.Trim();
            int? line = int.TryParse(m.Groups["line"].Value, out var l) ? l : null;
            var key = $"{file}|{line}|{m.Groups["col"].Value}|{m.Groups["code"].Value}";
            if (!seen.Add(key)) continue;
            list.Add(new BuildDiagnostic(m.Groups["severity"].Value, m.Groups["code"].Value, m.Groups["message"].Value.Trim(), Relative(file, root), line));
        }
        return list;
    }

    private static string? Relative(string file, string root)
    {
        if (file.Length == 0) return null;
        var full = Path.IsPathRooted(file) ? file : Path.Combine(root, file);
        var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    [GeneratedRegex(@"^\s*(?<file>[^\r\n(]*?)(\((?<line>\d+)(,(?<col>\d+))?[^)]*\))?\s*:\s*(?<severity>warning|error)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>[^\r\n]*?)(\s\[[^\]\r\n]+\])?\s*$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
