namespace Agent.Activities.Claude;

/// <summary>
/// Lets a loop that resumes workflows waiting on Claude jobs sleep until a job of this process ends or an interval
/// passes. Ends that happen while the loop is busy are counted, so the next wait returns at once instead of missing them.
/// </summary>
public sealed class ClaudeJobEndSignal : IDisposable
{
    private readonly ClaudeJobs _jobs;
    private readonly SemaphoreSlim _ended = new(0);

    /// <summary>Starts counting the job ends of <paramref name="jobs"/>; dispose to stop.</summary>
    public ClaudeJobEndSignal(ClaudeJobs jobs)
    {
        _jobs = jobs;
        _jobs.JobEnded += OnJobEnded;
    }

    /// <summary>Waits until a job ended since the last wait, or <paramref name="interval"/> passed.</summary>
    public Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => _ended.WaitAsync(interval, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _jobs.JobEnded -= OnJobEnded;
        _ended.Dispose();
    }

    private void OnJobEnded(ClaudeJobStatus job) => _ended.Release();
}
