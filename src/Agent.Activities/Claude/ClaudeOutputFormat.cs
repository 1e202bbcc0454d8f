namespace Agent.Activities.Claude;

/// <summary>What the caller wants back. The runner always reads <c>stream-json</c> internally so it can follow progress.</summary>
public enum ClaudeOutputFormat
{
    /// <summary>Only the final result object matters.</summary>
    Json,

    /// <summary>Every event matters (reported as progress) as well as the result.</summary>
    StreamJson,
}
