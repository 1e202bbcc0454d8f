using Agent.ModelServer.Protocol;

namespace Agent.ModelServer.Scripts;

/// <summary>The rule chosen for a request, with its position (0-based) in the script.</summary>
public sealed record MatchedRule(int Index, ScriptRule Rule)
{
    /// <summary>How long to wait before answering: the rule's latency, else the script's.</summary>
    public TimeSpan Latency { get; init; }
}

/// <summary>
/// Chooses the rule that answers a request: the first whose conditions hold and that has uses left. Each choice
/// uses the rule up once, so a fault with <c>times: 1</c> hits the first request and passes the retry on to the
/// next rule. One matcher per server: the use counts are its state. Thread-safe.
/// </summary>
public sealed class RequestMatcher
{
    private readonly ModelScript _script;
    private readonly int[] _used;
    private readonly Lock _lock = new();

    /// <summary>Creates a matcher with every rule unused.</summary>
    public RequestMatcher(ModelScript script)
    {
        _script = script;
        _used = new int[script.Rules.Count];
    }

    /// <summary>Chooses and uses up the rule for <paramref name="request"/>; null when none applies.</summary>
    public MatchedRule? Next(MessagesRequest request)
    {
        lock (_lock)
        {
            for (var i = 0; i < _script.Rules.Count; i++)
            {
                var rule = _script.Rules[i];
                if (rule.Times is { } times && _used[i] >= times) continue;
                if (!Matches(rule.Match, request)) continue;
                _used[i]++;
                return new MatchedRule(i, rule) { Latency = TimeSpan.FromMilliseconds(rule.LatencyMs ?? _script.LatencyMs ?? 0) };
            }
            return null;
        }
    }

    /// <summary>Whether every condition given in <paramref name="match"/> holds for <paramref name="request"/>.</summary>
    public static bool Matches(RuleMatch? match, MessagesRequest request)
    {
        if (match is null) return true;
        if (match.PromptContains is { } prompt && !request.LastUserText.Contains(prompt, StringComparison.Ordinal)) return false;
        if (match.ToolResultContains is { } result && !request.ToolResults.Any(r => r.Contains(result, StringComparison.Ordinal))) return false;
        if (match.HasTool is { } tool && !request.ToolNames.Contains(tool, StringComparer.Ordinal)) return false;
        if (match.Turn is { } turn && request.Turn != turn) return false;
        return true;
    }
}
