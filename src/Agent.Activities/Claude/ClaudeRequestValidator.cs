namespace Agent.Activities.Claude;

/// <summary>Checks a <see cref="ClaudeRunRequest"/> before any process starts.</summary>
public static class ClaudeRequestValidator
{
    /// <summary>Every problem of <paramref name="request"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(ClaudeRunRequest request)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Prompt))
            errors.Add("Prompt is empty: give the task text.");
        if (string.IsNullOrWhiteSpace(request.WorkingDirectory))
            errors.Add("WorkingDirectory is missing: give an existing directory for the CLI to work in.");
        else if (!Directory.Exists(request.WorkingDirectory))
            errors.Add($"WorkingDirectory '{request.WorkingDirectory}' does not exist: create it first or pass an existing directory.");
        if (request.PermissionMode is { } mode && !ClaudePermissionModes.All.Contains(mode))
            errors.Add($"PermissionMode '{mode}' is unknown: use one of {string.Join(", ", ClaudePermissionModes.All.Order(StringComparer.Ordinal))}.");
        if (request.MaxTurns is <= 0)
            errors.Add($"MaxTurns {request.MaxTurns} must be at least 1.");
        if (request.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            errors.Add($"Timeout {timeout} must be positive.");
        if (request.Budget is { MaxTokens: <= 0 } tokens)
            errors.Add($"Budget.MaxTokens {tokens.MaxTokens} must be positive.");
        if (request.Budget is { MaxUsd: <= 0 } usd)
            errors.Add($"Budget.MaxUsd {usd.MaxUsd} must be positive.");
        if (request.StrictMcpConfig && request.McpConfig.Count == 0)
            errors.Add("StrictMcpConfig needs at least one McpConfig entry.");
        if (request.ResumeSessionId is { } id && string.IsNullOrWhiteSpace(id))
            errors.Add("ResumeSessionId is blank: pass a session id from an earlier result or leave it unset.");
        if (request.ResumeAfterEdits && string.IsNullOrWhiteSpace(request.ContinuePrompt))
            errors.Add("ContinuePrompt is empty: ResumeAfterEdits needs the text that resumes the session.");
        return errors;
    }

    /// <summary>Throws when <paramref name="request"/> is invalid.</summary>
    /// <exception cref="ClaudeRequestException">The request has problems; the message lists them.</exception>
    public static void ThrowIfInvalid(ClaudeRunRequest request)
    {
        var errors = Validate(request);
        if (errors.Count > 0) throw new ClaudeRequestException(errors);
    }
}
