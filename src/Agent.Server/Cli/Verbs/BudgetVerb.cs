using System.Globalization;
using Agent.Activities.Safety.Budgets;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent budget [--cycle ID] [--json]</c> shows what Claude has spent and what remains of the day and month budgets
/// (UTC), and of one cycle's budget when <c>--cycle</c> names it.
/// </summary>
public sealed class BudgetVerb : Verb
{
    private readonly Option<string?> _cycle = new("--cycle") { Description = "Also show this cycle's budget (its id, as 'agent instances list' shows it)." };
    private readonly Option<bool> _json = CommonOptions.Json("the budgets");

    /// <summary>Creates the verb.</summary>
    public BudgetVerb(CliContext context)
        : base(context, "budget", "Show Claude's token and USD spend against the day and month budgets (Safety:Budgets) and, with --cycle, a cycle's budget.")
    {
        Command.Add(_cycle);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var cycle = parse.GetValue(_cycle);
        if (cycle is not null && string.IsNullOrWhiteSpace(cycle)) throw new CliUsageException("--cycle needs a cycle id; leave it out to see the day and month budgets only.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var scopes = await session.Get<SpendBudget>().StatusAsync(cycle, cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(scopes.Select(s => new
            {
                scope = s.Name, key = s.Key, spentTokens = s.Spent.Tokens, spentUsd = s.Spent.Usd, runs = s.Spent.Runs,
                maxTokens = s.MaxTokens, maxUsd = s.MaxUsd, remainingTokens = s.RemainingTokens, remainingUsd = s.RemainingUsd, exhausted = s.Exhausted, resetsAt = s.ResetsAt,
            }));
            return ExitCodes.Success;
        }
        var table = new Table().AddColumns("Budget", "Runs", "Tokens spent / limit", "USD spent / limit", "State");
        foreach (var s in scopes)
            table.AddRow(Markup.Escape($"{s.Name} {s.Key}"), s.Spent.Runs.ToString(CultureInfo.InvariantCulture),
                $"{s.Spent.Tokens.ToString("N0", CultureInfo.InvariantCulture)} / {Limit(s.MaxTokens)}",
                $"{s.Spent.Usd.ToString("0.####", CultureInfo.InvariantCulture)} / {(s.MaxUsd > 0 ? s.MaxUsd.ToString("0.##", CultureInfo.InvariantCulture) : "none")}",
                s.Exhausted is { } why ? $"[red]{Markup.Escape(why)}[/]" : "[green]within[/]");
        Console.Output.Write(table);
        return ExitCodes.Success;
    }

    private static string Limit(long max) => max > 0 ? max.ToString("N0", CultureInfo.InvariantCulture) : "none";
}
