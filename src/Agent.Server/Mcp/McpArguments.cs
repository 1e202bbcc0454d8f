using Agent.Activities.Claude;
using ModelContextProtocol;

namespace Agent.Server.Mcp;

/// <summary>The arguments of a Claude run as an MCP client sends them (names as in the tools' input schema).</summary>
public sealed record ClaudeRunArguments
{
    /// <summary>The task (prompt).</summary>
    public string? Task { get; init; }

    /// <summary>The working directory.</summary>
    public string? Cwd { get; init; }

    /// <summary>A permission mode name.</summary>
    public string? PermissionMode { get; init; }

    /// <summary><c>json</c> or <c>stream-json</c>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>A model alias or id.</summary>
    public string? Model { get; init; }

    /// <summary>The turn limit.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>Pre-approved tool rules.</summary>
    public IReadOnlyList<string>? AllowedTools { get; init; }

    /// <summary>Removed tools.</summary>
    public IReadOnlyList<string>? DisallowedTools { get; init; }

    /// <summary>The wall-clock limit in seconds.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>The cost limit in USD.</summary>
    public decimal? Budget { get; init; }

    /// <summary>The token limit (input + output + cache tokens over all model calls).</summary>
    public long? BudgetTokens { get; init; }

    /// <summary>A session to resume.</summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>Whether a transient API failure after edits is retried by resuming the session.</summary>
    public bool? ResumeAfterEdits { get; init; }
}

/// <summary>
/// Turns tool arguments into a <see cref="ClaudeRunRequest"/>, checked by the runner's own validator; problems become
/// an MCP <c>InvalidParams</c> error that names the argument as the client spelled it.
/// </summary>
public static class McpArguments
{
    // The validator speaks in request property names; clients know the tool's argument names.
    private static readonly (string Property, string Argument)[] Names =
    [
        ("Budget.MaxUsd", "budget"), ("Budget.MaxTokens", "budgetTokens"), ("ResumeSessionId", "resumeSessionId"), ("Prompt", "task"), ("WorkingDirectory", "cwd"), ("PermissionMode", "permissionMode"),
        ("MaxTurns", "maxTurns"), ("Timeout", "timeoutSeconds"),
    ];

    /// <summary>The validated request for <paramref name="arguments"/>.</summary>
    /// <param name="arguments">What the client sent.</param>
    /// <param name="prefix">Prepended to argument names, e.g. <c>tasks[2].</c> in a batch.</param>
    /// <exception cref="McpProtocolException">An argument is invalid; the message names it and says why.</exception>
    public static ClaudeRunRequest ToRequest(ClaudeRunArguments arguments, string prefix = "")
    {
        var request = Map(arguments, prefix);
        var errors = ClaudeRequestValidator.Validate(request);
        if (errors.Count > 0) throw new McpProtocolException(string.Join(" ", errors.Select(e => Describe(e, prefix))), McpErrorCode.InvalidParams);
        return request;
    }

    /// <summary>The request for <paramref name="arguments"/>, not yet checked by the runner's validator.</summary>
    /// <exception cref="McpProtocolException"><c>outputFormat</c> or <c>timeoutSeconds</c> cannot be converted.</exception>
    public static ClaudeRunRequest Map(ClaudeRunArguments arguments, string prefix = "")
    {
        var format = arguments.OutputFormat switch
        {
            null or "json" => ClaudeOutputFormat.Json,
            "stream-json" => ClaudeOutputFormat.StreamJson,
            var other => throw Invalid($"{prefix}outputFormat", $"'{other}' is unknown: use json or stream-json."),
        };
        if (arguments.TimeoutSeconds is { } seconds && (double.IsNaN(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds))
            throw Invalid($"{prefix}timeoutSeconds", $"{seconds} must be a positive number of seconds.");
        return new ClaudeRunRequest
        {
            Prompt = arguments.Task ?? "",
            WorkingDirectory = arguments.Cwd ?? "",
            OutputFormat = format,
            PermissionMode = arguments.PermissionMode,
            Model = arguments.Model,
            MaxTurns = arguments.MaxTurns,
            AllowedTools = arguments.AllowedTools ?? [],
            DisallowedTools = arguments.DisallowedTools ?? [],
            Timeout = arguments.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            Budget = arguments.Budget is null && arguments.BudgetTokens is null ? null : new ClaudeBudget(arguments.BudgetTokens, arguments.Budget),
            ResumeSessionId = arguments.ResumeSessionId,
            ResumeAfterEdits = arguments.ResumeAfterEdits ?? false,
        };
    }

    /// <summary>An <c>InvalidParams</c> error naming <paramref name="argument"/>.</summary>
    public static McpProtocolException Invalid(string argument, string why) =>
        new($"Invalid argument '{argument}': {why}", McpErrorCode.InvalidParams);

    private static string Describe(string error, string prefix)
    {
        foreach (var (property, argument) in Names)
            if (error.StartsWith(property, StringComparison.Ordinal)) return $"Invalid argument '{prefix}{argument}': {error}";
        return $"Invalid arguments: {error}";
    }
}
