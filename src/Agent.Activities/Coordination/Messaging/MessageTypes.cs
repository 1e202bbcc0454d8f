namespace Agent.Activities.Coordination.Messaging;

/// <summary>The kinds of message agents exchange; each has its own payload schema (<see cref="PayloadSchemas"/>).</summary>
public static class MessageTypes
{
    /// <summary>Work handed to an agent: a gap or subtask to do.</summary>
    public const string Task = "task";
    /// <summary>What an agent made of a task.</summary>
    public const string Result = "result";
    /// <summary>A reviewer's verdict on a candidate change.</summary>
    public const string Review = "review";
    /// <summary>A ballot in a consensus round.</summary>
    public const string Vote = "vote";
    /// <summary>A question to another agent or role.</summary>
    public const string Question = "question";
    /// <summary>The reply to a question; its correlation id is the question's message id.</summary>
    public const string Answer = "answer";
    /// <summary>An agent saying it is alive, with what it is doing.</summary>
    public const string Heartbeat = "heartbeat";
    /// <summary>Stop a task (or everything) now.</summary>
    public const string Cancel = "cancel";

    /// <summary>Every type, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Task, Result, Review, Vote, Question, Answer, Heartbeat, Cancel];

    /// <summary>The type spelled as stored (lower case), or null when <paramref name="text"/> is no known type.</summary>
    public static string? Normalize(string? text)
    {
        var trimmed = text?.Trim().ToLowerInvariant();
        return trimmed is not null && All.Contains(trimmed) ? trimmed : null;
    }
}
