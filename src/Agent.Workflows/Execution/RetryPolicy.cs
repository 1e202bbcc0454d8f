using System.Text.Json.Nodes;

namespace Agent.Workflows.Execution;

/// <summary>
/// How often a failing activity is tried again before the instance faults. Set per activity with the
/// custom property <c>retryPolicy: {"maxAttempts": 3, "delayMs": 200, "backoffFactor": 2}</c>.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Delay, double BackoffFactor)
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromMilliseconds(Delay.TotalMilliseconds * Math.Pow(BackoffFactor, Math.Max(0, attempt - 1)));

    /// <summary>Reads the policy from an activity's custom properties; null when none is set.</summary>
    /// <exception cref="FormatException">The property is present but malformed.</exception>
    public static RetryPolicy? FromCustomProperties(JsonObject? customProperties)
    {
        if (customProperties?["retryPolicy"] is not JsonObject p) return null;
        try
        {
            var max = p["maxAttempts"]?.GetValue<int>() ?? 3;
            var delay = p["delayMs"]?.GetValue<double>() ?? 0;
            var factor = p["backoffFactor"]?.GetValue<double>() ?? 1;
            if (max < 1 || delay < 0 || factor < 1)
                throw new FormatException("maxAttempts must be ≥ 1, delayMs ≥ 0 and backoffFactor ≥ 1.");
            return new RetryPolicy(max, TimeSpan.FromMilliseconds(delay), factor);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new FormatException($"retryPolicy is malformed: {e.Message} Expected {{\"maxAttempts\": 3, \"delayMs\": 200, \"backoffFactor\": 2}}.", e);
        }
    }
}
