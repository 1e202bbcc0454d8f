namespace Agent.Activities.Claude;

/// <summary>A <see cref="ClaudeRunRequest"/> is invalid; the message names every problem and how to fix it.</summary>
public sealed class ClaudeRequestException(IReadOnlyList<string> errors)
    : Exception("Invalid Claude run request: " + string.Join(" ", errors))
{
    /// <summary>Each problem on its own.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
