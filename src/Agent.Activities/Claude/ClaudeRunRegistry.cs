using System.Collections.Concurrent;

namespace Agent.Activities.Claude;

/// <summary>Something that may refuse Claude runs (the emergency stop).</summary>
public interface IClaudeRunGuard
{
    /// <summary>Why runs are refused now, or null when they may start.</summary>
    string? Refusal();
}

/// <summary>
/// Every run in progress in this process, so all of them can be killed at once (the emergency stop), and the guards
/// asked before a run starts. A run registers before it asks the guards and the stop raises its guard before it kills,
/// so a run is either killed or refused — never missed.
/// </summary>
public sealed class ClaudeRunRegistry(IEnumerable<IClaudeRunGuard> guards)
{
    private readonly ConcurrentDictionary<Guid, Registration> _runs = new();
    private readonly IClaudeRunGuard[] _guards = [.. guards];

    /// <summary>Runs in progress.</summary>
    public int ActiveRuns => _runs.Count;

    /// <summary>Why runs are refused now, or null.</summary>
    public string? Refusal() => _guards.Select(g => g.Refusal()).FirstOrDefault(r => r is not null);

    /// <summary>Registers a run; its <see cref="Registration.Token"/> fires when the caller cancels or everything is killed.</summary>
    public Registration Enter(CancellationToken cancellationToken)
    {
        var registration = new Registration(this, cancellationToken);
        _runs[registration.Id] = registration;
        return registration;
    }

    /// <summary>Kills every run in progress (their process trees are killed through the token); returns how many.</summary>
    public int KillAll(string reason)
    {
        var killed = 0;
        foreach (var run in _runs.Values)
        {
            run.Kill(reason);
            killed++;
        }
        return killed;
    }

    /// <summary>One registered run.</summary>
    public sealed class Registration : IDisposable
    {
        private readonly ClaudeRunRegistry _owner;
        private readonly CancellationTokenSource _source;

        internal Registration(ClaudeRunRegistry owner, CancellationToken cancellationToken)
        {
            _owner = owner;
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        internal Guid Id { get; } = Guid.NewGuid();

        /// <summary>The token the run must observe.</summary>
        public CancellationToken Token => _source.Token;

        /// <summary>Why the run was killed, or null.</summary>
        public string? KilledBecause { get; private set; }

        internal void Kill(string reason)
        {
            KilledBecause ??= reason;
            try { _source.Cancel(); } catch (ObjectDisposedException) { /* the run just ended */ }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _owner._runs.TryRemove(Id, out _);
            _source.Dispose();
        }
    }
}
