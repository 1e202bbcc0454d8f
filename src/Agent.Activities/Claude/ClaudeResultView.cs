using Agent.Activities.Safety.Oversight;

namespace Agent.Activities.Claude;

/// <summary>
/// Turns a <see cref="ClaudeRunResult"/> into the plain object a workflow sees as an output, so expressions can read
/// <c>getOutputFrom('exec', 'result').text</c> and the instance state stays plain JSON.
/// </summary>
public static class ClaudeResultView
{
    /// <summary>The plain form: success, subtype, text, sessionId, turns, costUsd, tokens, durationMs, attempts, error, mcpServers, toolDecisions, policyDenials.</summary>
    public static Dictionary<string, object?> ToPlain(ClaudeRunResult result) => new(StringComparer.Ordinal)
    {
        ["success"] = result.IsSuccess,
        ["subtype"] = result.Subtype,
        ["text"] = result.Text,
        ["sessionId"] = result.SessionId,
        ["turns"] = (long)result.Turns,
        // Plain values carry doubles, not decimals; a cost does not need more precision than that.
        ["costUsd"] = (double)result.CostUsd,
        ["tokens"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["input"] = result.Usage.InputTokens,
            ["output"] = result.Usage.OutputTokens,
            ["cacheCreationInput"] = result.Usage.CacheCreationInputTokens,
            ["cacheReadInput"] = result.Usage.CacheReadInputTokens,
            ["total"] = result.Usage.Total,
        },
        ["durationMs"] = (long)result.Duration.TotalMilliseconds,
        ["attempts"] = (long)result.Attempts,
        ["error"] = result.Error,
        ["mcpServers"] = result.McpServers.Select(s => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = s.Name, ["status"] = s.Status }).ToList(),
        ["toolDecisions"] = result.ToolDecisions.Select(DecisionToPlain).ToList(),
        ["policyDenials"] = result.PolicyDenials.Select(d => (object?)$"{d.Tool} {d.InputSummary}: {d.Reason}").ToList(),
    };

    private static object? DecisionToPlain(ToolDecision d) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["at"] = d.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["hookEvent"] = d.HookEvent,
        ["tool"] = d.Tool,
        ["toolUseId"] = d.ToolUseId,
        ["actionClass"] = d.ActionClass,
        ["input"] = d.InputSummary,
        ["effect"] = d.Effect,
        ["rule"] = d.RuleId,
        ["reason"] = d.Reason,
        ["succeeded"] = d.Succeeded,
    };
}
