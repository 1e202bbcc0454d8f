using System.Globalization;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Scanning;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders decision records and Security Scores for people.</summary>
public sealed class DecisionRenderer(CliConsole console)
{
    /// <summary>One line per record: when, cycle, kind, outcome, subject, first reason.</summary>
    public void WriteList(IReadOnlyList<DecisionRecord> records)
    {
        var table = new Table().AddColumns("At", "Cycle", "Kind", "Outcome", "Subject", "Why");
        foreach (var r in records)
            table.AddRow(r.At.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(r.CycleId), Markup.Escape(r.Kind), r.OutcomeName, Markup.Escape(r.Subject), Markup.Escape(r.Reasons[0]));
        console.Output.Write(table);
    }

    /// <summary>A record in full: its outcome and reasons, then every principle with its outcome and evidence.</summary>
    public void WriteRecord(DecisionRecord record, string indent = "")
    {
        console.WriteLine($"{indent}decision {record.Id} ({record.Kind}) at {record.At.ToString("u", CultureInfo.InvariantCulture)}: {record.OutcomeName.ToUpperInvariant()}");
        console.WriteLine($"{indent}  subject: {record.Subject}");
        console.WriteLine($"{indent}  target:  {record.Target}");
        foreach (var reason in record.Reasons) console.WriteLine($"{indent}  reason:  {reason}");
        foreach (var p in record.Principles)
        {
            console.WriteLine($"{indent}  [{p.Outcome.ToString().ToLowerInvariant()}] {p.Principle}{(p.Outcome == PrincipleOutcome.Pass ? "" : $" (on fail: {p.OnFail.ToString().ToLowerInvariant()})")}");
            foreach (var evidence in p.Evidence) console.WriteLine($"{indent}      {evidence}");
        }
    }

    /// <summary>The newest Security Score of each target.</summary>
    public void WriteScores(IReadOnlyList<StoredSecurityScore> scores)
    {
        if (scores.Count == 0)
        {
            console.WriteLine("Security Score: no change has been scanned yet.");
            return;
        }
        var table = new Table().Title("Security Score (0–100, newest per target)").AddColumns("Target", "Score", "Cycle", "At", "Deductions and notes");
        foreach (var s in scores)
            table.AddRow(Markup.Escape(s.Target), $"{s.Score}{(s.Partial ? " (partial)" : "")}", Markup.Escape(s.CycleId), s.At.ToString("u", CultureInfo.InvariantCulture),
                Markup.Escape(s.Details.Count == 0 ? "none" : string.Join("\n", s.Details)));
        console.Output.Write(table);
        console.WriteLine($"Formula: 100 − {SecurityScore.SecretWeight} per secret − 25/15/5/2 per critical/high/moderate/low vulnerable package − {SecurityScore.AnalyzerWeight} per security analyzer warning (at most {SecurityScore.AnalyzerCap}); partial = vulnerability data unknown or not scanned.");
    }
}
