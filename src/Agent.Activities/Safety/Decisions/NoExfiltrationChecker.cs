using System.Text.RegularExpressions;
using Agent.Activities.Safety.Scanning;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// Do not exfiltrate code or secrets: the change adds no secret (the scanner's findings), and adds no network call
/// (<c>curl</c>, <c>wget</c>, <c>HttpClient</c>, <c>fetch(</c>, <c>requests.</c>…) to a host the target did not already
/// mention and <see cref="DecisionsOptions.KnownHosts"/> does not list.
/// </summary>
public sealed partial class NoExfiltrationChecker(SecretScanner secrets, IOptions<DecisionsOptions> options) : IPrincipleChecker
{
    private static readonly string[] DocExtensions = [".md", ".txt", ".rst", ".adoc"];
    private readonly HashSet<string> _known = new(options.Value.KnownHosts, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public string Principle => PrincipleIds.NoExfiltration;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Diff is null) return Task.FromResult(PrincipleResult.Pass(Principle, $"a {subject.Kind} decision adds no code"));
        var problems = new List<string>();
        var found = subject.Security?.Secrets ?? secrets.Scan(subject.Diff.Patch);
        problems.AddRange(found.Select(s => $"adds a secret: {s.Rule} at {s.Location} ({s.Evidence})"));
        // Hosts the target already talks about are not new; the old texts of the changed files are the evidence at hand.
        var mentioned = subject.Diff.Files.Select(f => f.Before ?? "").SelectMany(t => Url().Matches(t).Select(m => m.Groups["host"].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hosts = new List<string>();
        foreach (var line in AddedLines.Of(subject.Diff.Patch))
        {
            if (DocExtensions.Contains(Path.GetExtension(line.Path), StringComparer.OrdinalIgnoreCase) || !NetworkCall().IsMatch(line.Text)) continue;
            foreach (Match url in Url().Matches(line.Text))
            {
                var host = url.Groups["host"].Value;
                hosts.Add(host);
                if (!mentioned.Contains(host) && !_known.Contains(host))
                    problems.Add($"adds a network call to new host '{host}' at {line.Path}:{line.Line}");
            }
        }
        return Task.FromResult(problems.Count > 0
            ? PrincipleResult.Fail(Principle, DecisionOutcome.Deny, problems)
            : PrincipleResult.Pass(Principle, $"no secret in the added lines; network calls added: {(hosts.Count == 0 ? "none" : string.Join(", ", hosts.Distinct()) + " (known hosts)")}"));
    }

    [GeneratedRegex(@"\b(?:https?|wss?|ftp)://(?<host>[A-Za-z0-9.-]+)")] private static partial Regex Url();
    [GeneratedRegex(@"\b(curl|wget|nc|ncat|Invoke-WebRequest|Invoke-RestMethod|HttpClient|WebClient|HttpWebRequest|GetAsync|PostAsync|SendAsync|GetStringAsync|fetch|axios|requests\.|urllib|http\.get|http\.request|urlopen|TcpClient|Socket)\b")] private static partial Regex NetworkCall();
}
