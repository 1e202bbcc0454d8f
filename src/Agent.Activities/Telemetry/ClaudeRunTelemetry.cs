using System.Diagnostics;
using Agent.Activities.Claude;
using Agent.Workflows.Diagnostics;

namespace Agent.Activities.Telemetry;

/// <summary>
/// A span per Claude run (from the workflow source, so it lands in the trace of the instance whose activity started it) with
/// the run's tokens, cost and ending as attributes, and the run's spend counted in <see cref="AgentMetrics"/>.
/// </summary>
public sealed class ClaudeRunTelemetry(WorkflowTelemetry tracing, AgentMetrics metrics)
{
    /// <summary>Span attribute: input tokens (OpenTelemetry's GenAI convention).</summary>
    public const string InputTokensTag = "gen_ai.usage.input_tokens";

    /// <summary>Span attribute: output tokens (OpenTelemetry's GenAI convention).</summary>
    public const string OutputTokensTag = "gen_ai.usage.output_tokens";

    /// <summary>Span attribute: input tokens read from the prompt cache.</summary>
    public const string CacheReadTokensTag = "claude.usage.cache_read_input_tokens";

    /// <summary>Span attribute: input tokens written to the prompt cache.</summary>
    public const string CacheCreationTokensTag = "claude.usage.cache_creation_input_tokens";

    /// <summary>Span attribute: the run's cost in US dollars.</summary>
    public const string CostTag = "claude.cost_usd";

    /// <summary>Starts the span of a run of <paramref name="request"/>, or returns null when nobody listens.</summary>
    public Activity? Start(ClaudeRunRequest request)
    {
        if (!tracing.Source.HasListeners()) return null;
        var span = tracing.Source.StartActivity("claude run", System.Diagnostics.ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("gen_ai.system", "anthropic");
            if (request.Model is { Length: > 0 } model) span.SetTag("gen_ai.request.model", model);
            if (request.MaxTurns is { } turns) span.SetTag("claude.max_turns", turns);
            if (request.ResumeSessionId is { Length: > 0 } resumed) span.SetTag("claude.resumed_session_id", resumed);
            span.SetTag("claude.working_directory", request.WorkingDirectory);
        }
        return span;
    }

    /// <summary>Counts <paramref name="result"/> and, when there is a span, writes it onto the span.</summary>
    public void End(Activity? span, ClaudeRunResult result)
    {
        metrics.RecordClaudeRun(result);
        if (span is null) return;
        span.SetTag("claude.subtype", result.Subtype);
        span.SetTag("claude.success", result.IsSuccess);
        span.SetTag(InputTokensTag, result.Usage.InputTokens);
        span.SetTag(OutputTokensTag, result.Usage.OutputTokens);
        span.SetTag(CacheReadTokensTag, result.Usage.CacheReadInputTokens);
        span.SetTag(CacheCreationTokensTag, result.Usage.CacheCreationInputTokens);
        span.SetTag(CostTag, (double)result.CostUsd);
        span.SetTag("claude.turns", result.Turns);
        span.SetTag("claude.attempts", result.Attempts);
        if (result.SessionId is { Length: > 0 } session) span.SetTag("claude.session_id", session);
        if (!result.IsSuccess) span.SetStatus(ActivityStatusCode.Error, result.Error ?? result.Subtype);
    }
}
