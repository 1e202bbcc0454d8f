using System.Globalization;
using Agent.Activities.Learning.Metrics;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders the five KPIs as tables.</summary>
public sealed class KpiRenderer(CliConsole console)
{
    /// <summary>One table of the headline figures, one of learning efficiency per task type.</summary>
    public void Write(KpiReport r)
    {
        var table = new Table().Title("KPIs").AddColumns("KPI", "Value", "From");
        table.AddRow("Autonomy rate", Percent(r.Autonomy.Rate), $"{r.Autonomy.CompletedAutonomously} of {r.Autonomy.Completed} accepted tasks without human intervention");
        var v = r.ImprovementVelocity;
        table.AddRow("Improvement velocity", $"{N(v.PerDay)}/day (trend {Signed(v.Trend)})",
            $"{v.Accepted} accepted in the last {v.WindowDays} days ({v.PreviousAccepted} in the {v.WindowDays} before); capabilities {N(v.CapabilitiesPerDay)}/day ({v.Capabilities})");
        table.AddRow("Error recovery rate", Percent(r.ErrorRecovery.Rate), $"{r.ErrorRecovery.RecoveredByAgent} of {r.ErrorRecovery.Encountered} distinct errors fixed by the agent itself");
        var res = r.ResourceEfficiency;
        table.AddRow("Resource efficiency", res.TokensPerAccepted is null ? "n/a" : $"{N(res.TokensPerAccepted.Value)} tokens, ${N(res.UsdPerAccepted!.Value)} per accepted",
            $"{res.Tokens} tokens and ${N(res.CostUsd)} over {res.Accepted} accepted improvements");
        console.Output.Write(table);

        if (r.LearningEfficiency.Count == 0) { console.WriteLine("Learning efficiency: no attempts recorded yet."); return; }
        var efficiency = new Table().Title("Learning efficiency (attempts / turns / time to a success)")
            .AddColumns("Task type", "Successes", "First success", "Latest success", "Trend (latest − first)", "Open attempts");
        foreach (var e in r.LearningEfficiency)
            efficiency.AddRow(Markup.Escape(e.TaskType), e.Episodes.ToString(CultureInfo.InvariantCulture), Cost(e.FirstSuccess), Cost(e.LatestSuccess), Cost(e.Trend, signed: true),
                e.OpenAttempts.ToString(CultureInfo.InvariantCulture));
        console.Output.Write(efficiency);
    }

    private static string Cost(EpisodeCost? c, bool signed = false) => c is null ? "n/a" : signed
        ? $"{Signed(c.Attempts)} / {Signed(c.Turns)} / {Signed(c.DurationMs / 1000.0)} s"
        : $"{c.Attempts} / {c.Turns} / {N(c.DurationMs / 1000.0)} s";

    private static string Percent(double? rate) => rate is null ? "n/a" : (rate.Value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value > 0 ? "+" : "") + N(value);
}
