using Agent.Workflows.Cluster;
using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>What one sweep did.</summary>
/// <param name="Instances">Instances deleted (or, in journal-only mode, whose journal was deleted).</param>
/// <param name="Batches">Transactions committed, one per page.</param>
/// <param name="Skipped">True when nothing was swept because another replica held the sweep lock or no limit is set.</param>
public sealed record RetentionSweepResult(int Instances, int Batches, bool Skipped);

/// <summary>
/// Applies <see cref="FinishedInstanceRetentionOptions"/> to the SQLite or PostgreSQL instance store: finds finished
/// instances beyond the limits, oldest first, and deletes them (or their journals) a page per transaction
/// (<see cref="RetentionBatch"/>), so a crash mid-sweep loses only the page in progress, which stays whole.
/// On a cluster only one replica sweeps at a time (<see cref="AgentLockNames.RetentionSweep"/>). The in-memory store
/// needs no sweep: it applies the limits on every commit.
/// </summary>
public sealed class FinishedInstanceSweep
{
    private readonly WorkflowStorage _storage;
    private readonly IDbContextFactory<WorkflowDbContext> _contexts;
    private readonly IOptions<FinishedInstanceRetentionOptions> _options;
    private readonly TimeProvider _clock;
    private readonly IAgentLocks? _locks;

    internal FinishedInstanceSweep(WorkflowStorage storage, IDbContextFactory<WorkflowDbContext> contexts,
        IOptions<FinishedInstanceRetentionOptions> options, TimeProvider clock, IAgentLocks? locks)
    {
        _storage = storage;
        _contexts = contexts;
        _options = options;
        _clock = clock;
        _locks = locks;
    }

    /// <summary>Sweeps until no finished instance is beyond the limits, a page per transaction.</summary>
    /// <exception cref="OptionsValidationException"><c>Retention:FinishedInstances</c> is invalid.</exception>
    public async Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.Value;
        if (_storage.Kind == WorkflowStorageKind.InMemory || !options.LimitsDurableStores) return new RetentionSweepResult(0, 0, Skipped: true);

        // Locks that only span this machine add nothing: one SQLite writer at a time already keeps sweeps apart.
        await using var held = _locks is { SpansReplicas: true } locks
            ? await locks.TryAcquireAsync(AgentLockNames.RetentionSweep, cancellationToken).ConfigureAwait(false)
            : NoLock.Instance;
        if (held is null) return new RetentionSweepResult(0, 0, Skipped: true);

        var batch = new RetentionBatch(options, _clock.GetUtcNow());
        int instances = 0, batches = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var ids = await batch.SelectAsync(db, cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0) break;
            var done = await batch.ApplyAsync(db, ids, cancellationToken).ConfigureAwait(false);
            instances += done;
            batches++;
            // A short page was the last one; an empty result means others changed the rows meanwhile: stop, next sweep retries.
            if (ids.Count < options.PageSize || done == 0) break;
        }
        return new RetentionSweepResult(instances, batches, Skipped: false);
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
