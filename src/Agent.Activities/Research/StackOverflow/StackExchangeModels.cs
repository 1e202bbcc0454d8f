namespace Agent.Activities.Research.StackOverflow;

/// <summary>The wrapper every Stack Exchange API response comes in (errors carry the <c>error_*</c> fields instead of items).</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record StackExchangeWrapper<T>
{
    /// <summary>The items.</summary>
    public List<T>? Items { get; init; }

    /// <summary>Whether there are more pages.</summary>
    public bool HasMore { get; init; }

    /// <summary>The daily quota.</summary>
    public int? QuotaMax { get; init; }

    /// <summary>What is left of the daily quota.</summary>
    public int? QuotaRemaining { get; init; }

    /// <summary>Seconds to wait before calling the same method again, when present.</summary>
    public int? Backoff { get; init; }

    /// <summary>The error's number, when the call failed.</summary>
    public int? ErrorId { get; init; }

    /// <summary>The error's text.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The error's name, e.g. <c>throttle_violation</c>.</summary>
    public string? ErrorName { get; init; }
}

/// <summary>A question as <c>/search/advanced</c> returns it with <c>filter=withbody</c>.</summary>
public sealed record StackExchangeQuestion
{
    /// <summary>Its id.</summary>
    public long QuestionId { get; init; }

    /// <summary>Its title (HTML entities encoded).</summary>
    public string Title { get; init; } = "";

    /// <summary>Its address.</summary>
    public string Link { get; init; } = "";

    /// <summary>Its votes.</summary>
    public int Score { get; init; }

    /// <summary>Whether it has an accepted or up-voted answer.</summary>
    public bool IsAnswered { get; init; }

    /// <summary>The accepted answer, if any.</summary>
    public long? AcceptedAnswerId { get; init; }

    /// <summary>Its tags.</summary>
    public List<string> Tags { get; init; } = [];

    /// <summary>Its body (HTML).</summary>
    public string? Body { get; init; }
}

/// <summary>An answer as <c>/questions/{ids}/answers</c> returns it with <c>filter=withbody</c>.</summary>
public sealed record StackExchangeAnswer
{
    /// <summary>Its id.</summary>
    public long AnswerId { get; init; }

    /// <summary>The question it answers.</summary>
    public long QuestionId { get; init; }

    /// <summary>Whether the asker accepted it.</summary>
    public bool IsAccepted { get; init; }

    /// <summary>Its votes.</summary>
    public int Score { get; init; }

    /// <summary>Its body (HTML).</summary>
    public string? Body { get; init; }
}
