using System.Text.Json;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent audit [--json] [--kind K] [--limit N]</c> lists the audit log, newest first; <c>agent audit verify</c>
/// (<see cref="AuditVerifyVerb"/>) checks its hash chain.
/// </summary>
public sealed class AuditVerb : Verb
{
    private readonly Option<string?> _kind = new("--kind") { Description = $"Only records of this kind ({string.Join(", ", SafetyEventKinds.All)})." };
    private readonly Option<int> _limit = new("--limit") { Description = "How many records to list, newest first.", DefaultValueFactory = _ => 50 };
    private readonly Option<bool> _json = CommonOptions.Json("the records");

    /// <summary>Creates the verb with its <c>verify</c> subcommand.</summary>
    public AuditVerb(CliContext context)
        : base(context, "audit", "The tamper-evident audit log: approvals, merges, reverts, policy denials, budgets, stops, integrations, config changes (newest first).")
    {
        Command.Add(_kind);
        Command.Add(_limit);
        Command.Add(_json);
        Command.Subcommands.Add(new AuditVerifyVerb(context).Command);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var limit = parse.GetValue(_limit);
        if (limit < 1) throw new CliUsageException($"--limit is {limit}; give 1 or more.");
        var kind = parse.GetValue(_kind);
        if (kind is { Length: > 0 } && !SafetyEventKinds.All.Contains(kind))
            throw new CliUsageException($"--kind '{kind}' is not an event kind; use one of: {string.Join(", ", SafetyEventKinds.All)}.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var records = await session.Get<AuditLog>().ListAsync(kind, limit, cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(records.Select(r => new
            {
                r.Seq, r.Id, r.At, r.Kind, r.Actor, r.Summary,
                Data = JsonSerializer.Deserialize<Dictionary<string, string>>(r.Data),
                r.PrevHash, r.Hash,
            }));
            return ExitCodes.Success;
        }
        if (records.Count == 0)
        {
            Console.WriteLine(kind is null ? "The audit log is empty." : $"No {kind} records.");
            return ExitCodes.Success;
        }
        var table = new Table().AddColumns("Seq", "When", "Kind", "Actor", "Summary");
        foreach (var r in records)
            table.AddRow(r.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(r.At), Markup.Escape(r.Kind), Markup.Escape(r.Actor), Markup.Escape(r.Summary));
        Console.Output.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent audit verify [--json]</c>: recomputes the hash chain; exit 1 and the first broken place when it was tampered with.</summary>
public sealed class AuditVerifyVerb : Verb
{
    private readonly Option<bool> _json = CommonOptions.Json("the verification");

    /// <summary>Creates the verb.</summary>
    public AuditVerifyVerb(CliContext context)
        : base(context, "verify", "Recompute the audit log's hash chain and compare it with its anchor: exit 0 when intact, 1 with the first edited, deleted, reordered or truncated place.")
    {
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        AuditVerification result;
        try
        {
            result = await session.Get<AuditVerifier>().VerifyAsync(cancellationToken);
        }
        catch (AuditAnchorException e)
        {
            result = new AuditVerification(false, 0, null, e.Message);
        }
        if (parse.GetValue(_json)) Console.WriteJson(result);
        else if (result.Intact) Console.WriteLine($"{result.Records} records, chain intact.");
        else Console.WriteLine($"Audit log tampered with{(result.BrokenAtSeq is { } seq ? $" at seq {seq}" : "")}: {result.Problem} Restore the audit database from a backup and find out who had access to it.");
        return result.Intact ? ExitCodes.Success : ExitCodes.Failed;
    }
}
