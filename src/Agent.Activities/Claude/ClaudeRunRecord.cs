namespace Agent.Activities.Claude;

/// <summary>What is kept about one run; secrets are already redacted and the prompt is only a digest.</summary>
public sealed record ClaudeRunRecord
{
    /// <summary>A new id per run.</summary>
    public required Guid Id { get; init; }

    /// <summary>SHA-256 of the prompt (hex), so identical tasks can be matched without storing their text.</summary>
    public required string PromptSha256 { get; init; }

    /// <summary>The CLI arguments (prompt replaced by its digest), redacted, as JSON.</summary>
    public required string ArgumentsJson { get; init; }

    /// <summary>The extra environment of the request, redacted, as JSON.</summary>
    public required string EnvironmentJson { get; init; }

    /// <summary>The working directory.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>The result's subtype.</summary>
    public required string Subtype { get; init; }

    /// <summary>Whether the run succeeded.</summary>
    public required bool IsSuccess { get; init; }

    /// <summary>The session id, if any.</summary>
    public string? SessionId { get; init; }

    /// <summary>The CLI's cost figure.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Input tokens (including cache).</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The exit code, if the process ended by itself.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The attempts made.</summary>
    public int Attempts { get; init; }

    /// <summary>The error, redacted.</summary>
    public string? Error { get; init; }

    /// <summary>The oversight journal (<see cref="ClaudeRunResult.ToolDecisions"/>) as JSON; <c>[]</c> when the run was not overseen.</summary>
    public string ToolDecisionsJson { get; init; } = "[]";
}

/// <summary>Where runs are recorded.</summary>
public interface IClaudeRunLog
{
    /// <summary>Stores <paramref name="record"/>.</summary>
    Task RecordAsync(ClaudeRunRecord record, CancellationToken cancellationToken);

    /// <summary>The most recent records, newest first.</summary>
    Task<IReadOnlyList<ClaudeRunRecord>> RecentAsync(int count, CancellationToken cancellationToken);
}

/// <summary>The log used when <see cref="ClaudeCliOptions.RunLogPath"/> is not set: nothing is kept.</summary>
public sealed class NullClaudeRunLog : IClaudeRunLog
{
    /// <inheritdoc />
    public Task RecordAsync(ClaudeRunRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaudeRunRecord>> RecentAsync(int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClaudeRunRecord>>([]);
}
