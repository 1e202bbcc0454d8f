using Agent.Activities.Approvals;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent approvals [--history] [--json]</c>: approvals waiting for a decision, or the latest decisions.</summary>
public sealed class ApprovalsVerb : Verb
{
    private readonly Option<bool> _history = new("--history") { Description = "Show the latest decisions (the audit) instead of pending approvals." };
    private readonly Option<bool> _json = CommonOptions.Json("the approvals");

    /// <summary>Creates the verb.</summary>
    public ApprovalsVerb(CliContext context) : base(context, "approvals", "List approvals waiting for a decision (approve with 'agent approve <id>').")
    {
        Command.Add(_history);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var approvals = session.Get<ApprovalService>();
        if (parse.GetValue(_history))
        {
            var decided = await approvals.ListDecidedAsync(50, cancellationToken);
            if (parse.GetValue(_json)) { Console.WriteJson(decided); return ExitCodes.Success; }
            var table = new Table().AddColumns("Approval", "Decision", "By", "At", "Comment");
            foreach (var r in decided) table.AddRow(Markup.Escape(r.ApprovalId), r.Decision, Markup.Escape(r.By), r.DecidedAt.ToString("u"), Markup.Escape(r.Comment ?? ""));
            Console.Output.Write(table);
            return ExitCodes.Success;
        }
        var pending = await approvals.ListPendingAsync(cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(pending); return ExitCodes.Success; }
        if (pending.Count == 0) { Console.WriteLine("No approvals are waiting."); return ExitCodes.Success; }
        var decisions = session.Get<Agent.Activities.Safety.Decisions.DecisionStore>();
        var renderer = new Rendering.DecisionRenderer(Console);
        foreach (var p in pending)
        {
            Console.WriteLine($"{p.Id}  {p.Title}{(p.EscalatedFrom is null ? "" : "  [escalated]")}");
            Console.WriteLine($"  instance {p.InstanceId}, requested {p.CreatedAt:u}, expires {p.ExpiresAt:u} ({p.OnExpiry.ToLowerInvariant()} on expiry)");
            if (p.Summary is { Length: > 0 } summary) Console.WriteLine($"  {summary.Replace("\n", "\n  ", StringComparison.Ordinal)}");
            foreach (var reason in p.RiskReasons) Console.WriteLine($"  risk: {reason}");
            if (p.DiffStat is { Length: > 0 } stat) Console.WriteLine($"  {stat.Replace("\n", "\n  ", StringComparison.Ordinal)}");
            // The decision that asked for this approval, with the principles and their evidence.
            foreach (var record in await decisions.ForCycleAsync(p.InstanceId, cancellationToken)) renderer.WriteRecord(record, "  ");
        }
        return ExitCodes.Success;
    }
}

/// <summary><c>agent approve &lt;id&gt;</c> and <c>agent reject &lt;id&gt;</c> with <c>--comment</c> and <c>--by</c>.</summary>
public sealed class DecideVerb : Verb
{
    private readonly string _decision;
    private readonly Argument<string> _id = new("approval-id") { Description = "The approval's id (see 'agent approvals')." };
    private readonly Option<string?> _comment = new("--comment", "-m") { Description = "Why; kept in the audit." };
    private readonly Option<string?> _by = new("--by") { Description = "Who decides; default: the current user name." };
    private readonly Option<bool> _json = CommonOptions.Json("the decision");

    /// <summary>Creates <c>approve</c> or <c>reject</c>.</summary>
    public DecideVerb(CliContext context, string decision)
        : base(context, decision, decision == "approve"
            ? "Approve a waiting change; its instance continues in this process (and merges)."
            : "Reject a waiting change; its instance continues on its rejected path (and discards).")
    {
        _decision = decision;
        Command.Add(_id);
        Command.Add(_comment);
        Command.Add(_by);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var by = parse.GetValue(_by) is { Length: > 0 } given ? given : Environment.UserName;
        var outcome = await session.Get<ApprovalService>().DecideAsync(parse.GetRequiredValue(_id), _decision, by, parse.GetValue(_comment), cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(new { outcome.Record.ApprovalId, outcome.Record.Decision, outcome.Record.By, outcome.Record.Comment, outcome.Record.DecidedAt, outcome.InstanceStatus });
        else Console.WriteLine($"{outcome.Record.Decision} {outcome.Record.ApprovalId} as {outcome.Record.By}; instance {outcome.Record.InstanceId} is {outcome.InstanceStatus}.");
        return ExitCodes.Success;
    }
}
