using Agent.Activities.Safety.Policy;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent policy check [--target DIR] [--json]</c>: validates the effective policy and lists its rules with their sources. Exit 2 (with file and line) when a file is malformed.</summary>
public sealed class PolicyCheckVerb : Verb
{
    private readonly Option<string?> _target = PolicyTarget.Option();
    private readonly Option<bool> _json = CommonOptions.Json("the effective policy");

    /// <summary>Creates the verb.</summary>
    public PolicyCheckVerb(CliContext context)
        : base(context, "check", "Validate the effective policy (built-in, the agent's agent.policy.yaml, the target's) and list its rules with where each was written.")
    {
        Command.Add(_target);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var policy = await PolicyTarget.LoadAsync(session, parse.GetValue(_target), cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(new
            {
                valid = true, sources = policy.Sources, @default = PolicyEffects.Name(policy.Default), defaultSource = policy.DefaultSource,
                timeZone = policy.TimeZone?.Id,
                rules = policy.Rules.Select(r => new
                {
                    id = r.Id, effect = PolicyEffects.Name(r.Effect), locked = r.Locked, layer = r.Layer.ToString(), source = r.Source,
                    conditions = r.Conditions.Select(c => c.Key), reason = r.Reason,
                }),
            });
            return ExitCodes.Success;
        }
        Console.WriteLine($"policy ok: {policy.Rules.Count} rules from {string.Join(", ", policy.Sources)}; default {PolicyEffects.Name(policy.Default)} ({policy.DefaultSource})");
        var table = new Table().AddColumns("Rule", "Effect", "Matches", "Source");
        foreach (var rule in policy.Rules)
            table.AddRow(Markup.Escape(rule.Id), PolicyEffects.Name(rule.Effect) + (rule.Locked ? " (locked)" : ""), Markup.Escape(string.Join(", ", rule.Conditions.Select(c => c.Key))), Markup.Escape(rule.Source));
        Console.Output.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary>
/// <c>agent policy explain '&lt;action json&gt;' [--target DIR] [--json]</c> (<c>-</c> reads the JSON from stdin): which
/// rule decides the action, why, and every rule that matched.
/// </summary>
public sealed class PolicyExplainVerb : Verb
{
    private readonly Argument<string> _action = new("action")
    {
        Description = "The action as JSON, e.g. '{\"class\": \"command\", \"command\": \"git push\"}' (keys: class, tool, path, command, host, package, risk, context{worktree, taskType, protectedPaths, budgetUsed, now}); - reads it from stdin.",
    };
    private readonly Option<string?> _target = PolicyTarget.Option();
    private readonly Option<bool> _json = CommonOptions.Json("the decision");

    /// <summary>Creates the verb.</summary>
    public PolicyExplainVerb(CliContext context)
        : base(context, "explain", "Show which policy rule decides an action, why, and every rule that matched it (most specific first).")
    {
        Command.Add(_action);
        Command.Add(_target);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(_action) ?? "";
        if (text == "-") text = await System.Console.In.ReadToEndAsync(cancellationToken);
        ExplainRequest request;
        try
        {
            request = PolicyActionJson.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliUsageException(e.Message);
        }
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var target = parse.GetValue(_target) is { } given ? PolicyTarget.Folder(given) : null;
        var policy = await PolicyTarget.LoadAsync(session, target, cancellationToken);
        var context = new PolicyContext(request.Now ?? session.Get<TimeProvider>().GetUtcNow(), request.Worktree ?? target ?? Directory.GetCurrentDirectory(), target,
            TaskType: request.TaskType, ProtectedPaths: request.ProtectedPaths ?? session.Get<IOptions<ValidationOptions>>().Value.ProtectedPaths,
            BudgetUsedFraction: request.BudgetUsedFraction);
        var decision = policy.Evaluate(request.Action, context);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(new { effect = PolicyEffects.Name(decision.Effect), rule = decision.RuleId, reason = decision.Reason, source = decision.Source, matched = decision.Matched });
            return ExitCodes.Success;
        }
        Console.WriteLine($"{PolicyEffects.Name(decision.Effect)}: rule {decision.RuleId} ({decision.Source})");
        Console.WriteLine($"why: {decision.Reason}");
        Console.WriteLine(decision.Matched.Count == 0 ? "no rule matched" : "matched, most specific first:");
        foreach (var line in decision.Matched) Console.WriteLine($"  {line}");
        return ExitCodes.Success;
    }
}

/// <summary>The <c>--target</c> option of the policy verbs and loading the policy for it.</summary>
internal static class PolicyTarget
{
    public static Option<string?> Option() => new("--target") { Description = "The target repository whose agent.policy.yaml applies on top of the agent's (default: none, the agent's policy alone)." };

    public static string Folder(string given) =>
        Directory.Exists(given) ? Path.GetFullPath(given) : throw new CliUsageException($"'{given}' is not a folder; give the target repository's folder with --target.");

    public static async Task<CompiledPolicy> LoadAsync(CliSession session, string? target, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Get<PolicyProvider>().LoadCompiledAsync(target is null ? null : Folder(target), cancellationToken);
        }
        catch (PolicyFileException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}
