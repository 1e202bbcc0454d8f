namespace Agent.Activities.Claude;

/// <summary>What the caller wants back. The runner always reads <c>stream-json</c> internally so it can follow progress.</summary>
public enum ClaudeOutputFormat
{
    /// <summary>Only the final result object matters.</summary>
    Json,

    /// <summary>Every event matters: the result also carries the transcript (<see cref="ClaudeRunResult.Events"/>).</summary>
    StreamJson,
}
