using Microsoft.Extensions.Options;

namespace Agent.Activities.Claude;

/// <summary>
/// The app-wide cap on simultaneous CLI processes (<see cref="ClaudeCliOptions.MaxConcurrentRuns"/>). Registered as a
/// singleton so every runner shares it; each attempt holds a slot only while its process runs, not during backoff.
/// </summary>
public sealed class ClaudeConcurrencyLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;

    /// <summary>Creates a limiter with the configured number of slots.</summary>
    public ClaudeConcurrencyLimiter(IOptions<ClaudeCliOptions> options)
    {
        var max = options.Value.MaxConcurrentRuns;
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(options), max, "Claude:MaxConcurrentRuns must be at least 1.");
        _slots = new SemaphoreSlim(max, max);
    }

    /// <summary>Waits for a slot; dispose the returned handle to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
