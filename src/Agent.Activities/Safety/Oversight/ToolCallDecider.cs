using Agent.Activities.Safety.Redaction;
using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// Answers one hook call of a run: PreToolUse maps the call to a policy action, lets the run's policy decide, journals
/// the decision and publishes a denial; PostToolUse journals whether the tool succeeded. Anything that goes wrong
/// while deciding denies the call (fail closed).
/// </summary>
public sealed class ToolCallDecider(SecretRedactor redactor, ISafetyEventSink? sink = null, TimeProvider? clock = null, ILogger<ToolCallDecider>? logger = null)
{
    private const int SummaryLimit = 300;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<ToolCallDecider>.Instance;

    /// <summary>Answers <paramref name="requestJson"/> (the hook's stdin) for <paramref name="run"/>.</summary>
    public async Task<HookAnswer> AnswerAsync(string hookEvent, string requestJson, RunOversight run, CancellationToken cancellationToken)
    {
        HookInput input;
        try
        {
            input = HookInput.Parse(requestJson);
        }
        catch (HookInputException e)
        {
            return hookEvent == HookEvents.PreToolUse ? new HookAnswer(HookAnswer.DenyJson($"{e.Message} The call is refused."), null) : new HookAnswer(HookAnswer.NoObjection, null);
        }
        if (hookEvent == HookEvents.PostToolUse) return Record(input, run);
        return await DecideAsync(input, run, cancellationToken);
    }

    private async Task<HookAnswer> DecideAsync(HookInput input, RunOversight run, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        PolicyAction? action = null;
        PolicyDecision decision;
        try
        {
            action = ToolCallClassifier.Classify(input, run.Context.HomeDirectory);
            decision = run.Evaluator.Evaluate(action, run.Context with { Now = now });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            // The policy could not decide this call; letting it through would make a policy bug a hole.
            decision = new PolicyDecision(PolicyEffect.Deny, "oversight-error", $"the policy could not decide this call ({e.Message})", "built-in", []);
        }
        var summary = Summary(input, action);
        var effect = EffectWord(decision.Effect);
        var reason = ReasonForModel(decision);
        var entry = new ToolDecision(now, HookEvents.PreToolUse, input.ToolName, input.ToolUseId, action?.Class, summary, effect, decision.RuleId,
            decision.Allowed ? decision.Reason : reason);
        run.Record(entry);
        if (decision.Allowed) return new HookAnswer(HookAnswer.NoObjection, entry);
        await PublishDenialAsync(run, entry, cancellationToken);
        return new HookAnswer(HookAnswer.DenyJson(reason), entry);
    }

    private HookAnswer Record(HookInput input, RunOversight run)
    {
        var error = ErrorOf(input.ToolResponse);
        var entry = new ToolDecision(_clock.GetUtcNow(), HookEvents.PostToolUse, input.ToolName, input.ToolUseId, null, Summary(input, null),
            ToolDecisionEffects.Recorded, Reason: error is null ? null : Shorten(redactor.Redact(error)), Succeeded: error is null);
        run.Record(entry);
        return new HookAnswer(HookAnswer.NoObjection, entry);
    }

    /// <summary>The text the model receives for a refused call: the rule and its reason, so it can choose another way.</summary>
    public static string ReasonForModel(PolicyDecision decision) => decision.Effect switch
    {
        PolicyEffect.RequireApproval or PolicyEffect.RequireConsensus =>
            $"Denied: this needs a person's approval: {decision.Reason} (policy rule '{decision.RuleId}'). This run is unattended and cannot wait for one; take another way, or leave this step for a person.",
        _ => $"Denied by policy rule '{decision.RuleId}': {decision.Reason}",
    };

    private async Task PublishDenialAsync(RunOversight run, ToolDecision entry, CancellationToken cancellationToken)
    {
        if (sink is null) return;
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["runId"] = run.RunId,
            ["tool"] = entry.Tool,
            ["rule"] = entry.RuleId ?? "",
            ["effect"] = entry.Effect,
            ["input"] = entry.InputSummary,
        };
        if (entry.ActionClass is { } actionClass) data["actionClass"] = actionClass;
        if (run.Context.WorktreeRoot is { } worktree) data["worktree"] = worktree;
        if (run.Context.TargetRoot is { } target) data["target"] = target;
        try
        {
            await sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.PolicyDenied, "claude", $"Denied {entry.Tool}: {entry.InputSummary}", data, _clock), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The call is denied either way; a broken audit must be seen, but must not turn the denial into an allow.
            _logger.LogError(e, "Could not publish the denial of {Tool} in run {RunId}; fix the audit log — the call was denied anyway.", entry.Tool, run.RunId);
        }
    }

    private string Summary(HookInput input, PolicyAction? action)
    {
        var text = action switch
        {
            { Command: { } command } => command,
            { Path: { } path } => path,
            { Host: { } host } => host,
            _ => input.InputText("url") ?? input.InputText("query") ?? input.ToolInput.GetRawText(),
        };
        return Shorten(redactor.Redact(text));
    }

    private static string Shorten(string text) => text.Length <= SummaryLimit ? text : text[..SummaryLimit] + "…";

    private static string EffectWord(PolicyEffect effect) => effect switch
    {
        PolicyEffect.Allow => ToolDecisionEffects.Allow,
        PolicyEffect.RequireApproval => ToolDecisionEffects.RequireApproval,
        PolicyEffect.RequireConsensus => ToolDecisionEffects.RequireConsensus,
        _ => ToolDecisionEffects.Deny,
    };

    /// <summary>The error a tool response reports (<c>is_error</c>, <c>error</c>, or an interrupted Bash), or null when it succeeded.</summary>
    private static string? ErrorOf(JsonElement? response)
    {
        if (response is not { ValueKind: JsonValueKind.Object } r) return null;
        if (r.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String) return error.GetString();
        if (r.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True) return r.TryGetProperty("content", out var c) ? c.ToString() : "the tool reported an error";
        if (r.TryGetProperty("interrupted", out var interrupted) && interrupted.ValueKind == JsonValueKind.True) return "the command was interrupted";
        return null;
    }
}
