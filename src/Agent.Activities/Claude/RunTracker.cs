namespace Agent.Activities.Claude;

/// <summary>
/// Follows the events of one process: session, tokens (per assistant message, since each content block repeats its
/// message's usage), whether anything was edited, and the result line.
/// </summary>
internal sealed class RunTracker(ClaudeBudget? budget)
{
    /// <summary>Tools that change files or may do anything (Bash); after one of these a run is never retried.</summary>
    public static readonly IReadOnlySet<string> EditingTools =
        new HashSet<string>(StringComparer.Ordinal) { "Write", "Edit", "MultiEdit", "NotebookEdit", "Bash" };

    private readonly Dictionary<string, ClaudeUsage> _usageByMessage = new(StringComparer.Ordinal);
    private int _anonymousMessages;

    public string? SessionId { get; private set; }

    public bool MadeEdits { get; private set; }

    /// <summary>The MCP servers of the init event and their status.</summary>
    public IReadOnlyList<McpServerState> McpServers { get; private set; } = [];

    public ResultEvent? Result { get; private set; }

    /// <summary>Tokens seen so far in the stream.</summary>
    public ClaudeUsage StreamUsage => _usageByMessage.Values.Aggregate(ClaudeUsage.Zero, (a, u) =>
        new ClaudeUsage(a.InputTokens + u.InputTokens, a.OutputTokens + u.OutputTokens,
            a.CacheCreationInputTokens + u.CacheCreationInputTokens, a.CacheReadInputTokens + u.CacheReadInputTokens));

    /// <summary>Why the budget is exceeded, or null while it is not.</summary>
    public string? BudgetExceeded =>
        budget?.MaxTokens is { } max && StreamUsage.Total is var used && used > max
            ? $"Token budget exceeded: {used} tokens used, the limit is {max}; the run was stopped."
            : null;

    public void Observe(ClaudeEvent e)
    {
        switch (e)
        {
            case InitEvent init:
                SessionId ??= init.SessionId;
                McpServers = init.McpServers;
                break;
            case AssistantTextEvent text:
                Count(text.MessageId, text.Usage);
                break;
            case ToolUseEvent tool:
                Count(tool.MessageId, tool.Usage);
                if (EditingTools.Contains(tool.Name)) MadeEdits = true;
                break;
            case ResultEvent result:
                Result = result;
                SessionId = result.SessionId ?? SessionId;
                break;
        }
    }

    private void Count(string? messageId, ClaudeUsage usage) =>
        _usageByMessage[messageId ?? $"anonymous-{_anonymousMessages++}"] = usage;
}
