using System.Text.Json;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Analysis;
using Agent.Activities.Goals;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent capabilities gaps [--target PATH] [--json]</c>: the capabilities the goals, open gaps and failed runs need
/// but no tool in the capability map provides, ranked with their reasons. Reads the map of the last scan.
/// </summary>
public sealed class CapabilitiesGapsVerb : Verb
{
    private readonly Option<string?> _target = new("--target") { Description = "The repository whose goals (needs) and latest snapshot (open gaps) are read (default: the current directory)." };
    private readonly Option<bool> _json = CommonOptions.Json("the ranked capability gaps");

    /// <summary>Creates the verb.</summary>
    public CapabilitiesGapsVerb(CliContext context)
        : base(context, "gaps", "Rank the capabilities that goals, open gaps and failed runs need but no scanned tool provides (run 'agent capabilities scan' first).")
    {
        Command.Add(_target);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var target = parse.GetValue(_target) ?? Directory.GetCurrentDirectory();
        if (!Directory.Exists(target)) throw new CliUsageException($"--target '{target}' does not exist; pass a repository directory.");
        CapabilityGapReport report;
        try
        {
            report = await session.Get<CapabilityGapAnalyzer>().AnalyzeAsync(target, cancellationToken);
        }
        catch (Exception e) when (e is GoalsFileException or CapabilityTaxonomyException)
        {
            throw new CliUsageException(e.Message);
        }
        if (parse.GetValue(_json))
        {
            Console.WriteLine(JsonSerializer.Serialize(report, ScanReport.JsonOptions));
            return ExitCodes.Success;
        }
        Console.WriteLine($"provided: {(report.Provided.Count == 0 ? "nothing" : string.Join(", ", report.Provided))}");
        if (report.Gaps.Count == 0) Console.WriteLine("No capability gaps: every need is met.");
        var rank = 0;
        foreach (var gap in report.Gaps)
        {
            Console.WriteLine($"{++rank}. {gap.Capability} (priority {gap.Priority:0.###}): {gap.Description}");
            foreach (var reason in gap.Reasons) Console.WriteLine($"   - {reason}");
            foreach (var need in gap.Evidence) Console.WriteLine($"   evidence: {need.Evidence}");
        }
        return ExitCodes.Success;
    }
}
