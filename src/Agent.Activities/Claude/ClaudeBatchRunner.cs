namespace Agent.Activities.Claude;

/// <summary>The outcome of one task of a batch: its result, or the error that stopped it from running.</summary>
/// <param name="Index">The task's position in the input.</param>
/// <param name="Result">The run's result; null when the task could not run (e.g. an invalid request).</param>
/// <param name="Error">Why the task could not run or failed; null on success.</param>
public sealed record ClaudeBatchItem(int Index, ClaudeRunResult? Result, string? Error)
{
    /// <summary>True when the run finished successfully.</summary>
    public bool IsSuccess => Result is { IsSuccess: true };
}

/// <summary>
/// Runs many requests with at most <c>maxConcurrent</c> in flight. Each task ends on its own: one invalid or failing
/// task never stops the others, and results come back in input order.
/// </summary>
public sealed class ClaudeBatchRunner(ClaudeRunner runner)
{
    /// <summary>The concurrency used when the caller gives none.</summary>
    public const int DefaultMaxConcurrent = 10;

    /// <summary>The highest concurrency a caller may ask for.</summary>
    public const int MaxAllowedConcurrent = 50;

    /// <summary>Runs <paramref name="requests"/>; the list has one item per request, in the same order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrent"/> is outside 1..50.</exception>
    public async Task<IReadOnlyList<ClaudeBatchItem>> RunAsync(
        IReadOnlyList<ClaudeRunRequest> requests, int maxConcurrent = DefaultMaxConcurrent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (maxConcurrent is < 1 or > MaxAllowedConcurrent)
            throw new ArgumentOutOfRangeException(nameof(maxConcurrent), maxConcurrent, $"max_concurrent must be between 1 and {MaxAllowedConcurrent}.");
        using var slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        var tasks = requests.Select((request, index) => RunOneAsync(request, index, slots, cancellationToken)).ToList();
        return await Task.WhenAll(tasks);
    }

    private async Task<ClaudeBatchItem> RunOneAsync(ClaudeRunRequest request, int index, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        // Validate before taking a slot so a bad task fails at once without holding up the good ones.
        var errors = ClaudeRequestValidator.Validate(request);
        if (errors.Count > 0) return new ClaudeBatchItem(index, null, string.Join(" ", errors));
        try
        {
            await slots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new ClaudeBatchItem(index, null, "The batch was cancelled before this task started.");
        }
        try
        {
            var result = await runner.RunAsync(request, null, cancellationToken);
            return new ClaudeBatchItem(index, result, result.IsSuccess ? null : result.Error ?? result.Subtype);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One task's failure (CLI missing, I/O) is its own; the batch carries on.
            return new ClaudeBatchItem(index, null, e.Message);
        }
        finally
        {
            slots.Release();
        }
    }
}
