using Agent.Activities.Learning.Verification;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent knowledge verify [--fix] [--json]</c>: re-checks every stored solution (its merged commit is in the target's
/// history, and its attempt closed its gap); with <c>--fix</c> quarantines those that fail, so they are never offered,
/// noted or counted again.
/// </summary>
public sealed class KnowledgeVerifyVerb : Verb
{
    private readonly Option<bool> _fix = new("--fix") { Description = "Quarantine every solution that fails the check (without it, only report)." };
    private readonly Option<bool> _json = CommonOptions.Json("the report");

    /// <summary>Creates the verb.</summary>
    public KnowledgeVerifyVerb(CliContext context)
        : base(context, "verify", "Re-check every stored solution: its merged commit is in the target's history and its attempt closed its gap; --fix quarantines the rest.")
    {
        Command.Add(_fix);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var report = await session.Get<SolutionVerifier>().VerifyAsync(parse.GetValue(_fix), cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(report);
            return ExitCodes.Success;
        }
        Console.WriteLine($"{report.Checked} solution(s) checked: {report.Verified} verified, {report.Unverified.Count} not verified"
            + (report.AlreadyQuarantined > 0 ? $"; {report.AlreadyQuarantined} quarantined before" : "") + ".");
        if (report.Unverified.Count > 0)
        {
            var table = new Table().AddColumns("Solution", "Error", "Fix", "Why it is not verified");
            foreach (var u in report.Unverified)
                table.AddRow(Markup.Escape(u.SolutionId.ToString(System.Globalization.CultureInfo.InvariantCulture)), Markup.Escape(Cut(u.Error)), Markup.Escape(Cut(u.Description)), Markup.Escape(u.Reason));
            Console.Output.Write(table);
            Console.WriteLine(report.Quarantined
                ? $"Quarantined {report.Unverified.Count} solution(s): they are no longer offered to prompts, written into notes or counted in the KPIs."
                : "Nothing was changed. Run 'agent knowledge verify --fix' to quarantine them.");
        }
        return ExitCodes.Success;
    }

    private static string Cut(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
