using Agent.Activities.Learning.Metrics;
using Agent.Activities.Safety.Decisions;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent kpi [--window-days N] [--json]</c>: the five KPIs computed from the knowledge base, and the Security Score of each target.</summary>
public sealed class KpiVerb : Verb
{
    private readonly Option<int> _window = new("--window-days") { Description = "The window of improvement velocity, in days.", DefaultValueFactory = _ => KpiCalculator.DefaultWindowDays };
    private readonly Option<bool> _json = CommonOptions.Json("the KPIs");

    /// <summary>Creates the verb.</summary>
    public KpiVerb(CliContext context) : base(context, "kpi", "The five KPIs (autonomy, improvement velocity, error recovery, learning efficiency, resource efficiency), computed from what is stored.")
    {
        Command.Add(_window);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var window = parse.GetValue(_window);
        if (window < 1) throw new CliUsageException($"--window-days is {window}; give 1 or more days.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var report = await session.Get<KpiCalculator>().ComputeAsync(window, cancellationToken: cancellationToken);
        var scores = await session.Get<DecisionStore>().LatestScoresAsync(null, cancellationToken);
        if (parse.GetValue(_json))
        {
            // The KPI document keeps its shape; the Security Score per target is one more property.
            var document = System.Text.Json.JsonSerializer.SerializeToNode(report, CliJson.Options)!.AsObject();
            document["securityScores"] = System.Text.Json.JsonSerializer.SerializeToNode(scores, CliJson.Options);
            Console.WriteJson(document);
        }
        else
        {
            new KpiRenderer(Console).Write(report);
            new DecisionRenderer(Console).WriteScores(scores);
        }
        return ExitCodes.Success;
    }
}
