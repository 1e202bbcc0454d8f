namespace Agent.Activities.Safety.Scanning;

/// <summary>The security part of Validate's report, as later steps and the approval read it.</summary>
/// <param name="Summary">One line (<see cref="SecurityScan.Describe"/>).</param>
/// <param name="Findings">Every finding in one line each (secrets redacted).</param>
/// <param name="UnknownVulnerabilityData">Why vulnerability data is missing, per scanned project.</param>
/// <param name="Score">The Security Score, 0–100.</param>
/// <param name="ScorePartial">True when some data was unknown (the score is an upper bound).</param>
/// <param name="ScoreDeductions">How the score was reached.</param>
public sealed record SecurityView(string Summary, IReadOnlyList<string> Findings, IReadOnlyList<string> UnknownVulnerabilityData, int Score, bool ScorePartial, IReadOnlyList<string> ScoreDeductions)
{
    /// <summary>The view of <paramref name="scan"/>.</summary>
    public static SecurityView From(SecurityScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var score = scan.Score;
        return new SecurityView(scan.Describe(), [.. scan.Secrets.Concat(scan.VulnerablePackages).Concat(scan.AnalyzerWarnings).Select(f => f.ToString())],
            [.. scan.UnknownVulnerabilityData], score.Score, score.Partial, [.. score.Deductions, .. score.Notes.Select(n => $"note: {n}")]);
    }
}
