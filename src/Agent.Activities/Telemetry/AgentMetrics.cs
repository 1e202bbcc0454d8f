using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Agent.Activities.Claude;
using Agent.Activities.Cycle;
using Agent.Workflows.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Telemetry;

/// <summary>
/// Owns the agent's instruments on the meter <see cref="WorkflowTelemetry.MeterName"/> (the engine's activity-duration
/// histogram lives in <see cref="WorkflowTelemetry"/>, where activities run). What the stores know — queue depths,
/// approvals, budgets, incidents, the stop, the last merge — is observed from them at each scrape through
/// <see cref="AgentStateProbe"/>; what happens in this process — cycle endings, Claude spend, lease takeovers — is counted
/// here. The metric names in docs/production/observability.md and deploy/prometheus/alerts.yaml follow from these.
/// </summary>
public sealed class AgentMetrics : IDisposable
{
    private readonly Meter? _ownedMeter;
    private readonly AgentStateProbe _probe;
    private readonly TelemetryOptions _options;
    private readonly ILogger<AgentMetrics> _logger;
    private readonly ConcurrentDictionary<string, long> _cycles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _takeovers = new(StringComparer.Ordinal);
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _claudeRuns;

    /// <summary>Creates the instruments; the meter comes from <paramref name="meters"/> when the host has a factory.</summary>
    public AgentMetrics(AgentStateProbe probe, IOptions<TelemetryOptions> options, ILogger<AgentMetrics>? logger = null, IMeterFactory? meters = null)
    {
        _probe = probe;
        _options = options.Value;
        _logger = logger ?? NullLogger<AgentMetrics>.Instance;
        var meter = meters?.Create(WorkflowTelemetry.MeterName) ?? (_ownedMeter = new Meter(WorkflowTelemetry.MeterName));
        // Every outcome and this replica start at zero, so each series exists from the first scrape and rate() sees its first step.
        foreach (var outcome in CycleOutcomes.All) _cycles[outcome] = 0;
        _takeovers[_options.Replica] = 0;

        meter.CreateObservableCounter("agent.cycles", () => Points(_cycles, "outcome"), "{cycle}", "Improvement cycles ended in this process, by outcome.");
        _tokens = meter.CreateCounter<long>("agent.claude.tokens", "{token}", "Tokens Claude runs used, by kind: input, output, cache_read, cache_creation.");
        _cost = meter.CreateCounter<double>("agent.claude.cost_usd", null, "What Claude runs cost in US dollars, as the CLI reported it.");
        _claudeRuns = meter.CreateCounter<long>("agent.claude.runs", "{run}", "Claude runs, by how they ended (subtype).");
        meter.CreateObservableCounter("agent.lease.takeovers", () => Points(_takeovers, "replica"), "{takeover}",
            "Instance leases a replica took over from one that stopped heartbeating, by the replica that took them.");

        meter.CreateObservableGauge("agent.task_queue.depth", () => Counts(_probe.TaskCountsAsync, "status", "queued", "leased"), "{task}", "Coordination tasks, by status (queued ones wait for an agent).");
        meter.CreateObservableGauge("agent.claude_jobs.depth", () => Counts(_probe.ClaudeJobCountsAsync, "state", ClaudeJobState.Queued, ClaudeJobState.Running), "{job}", "Claude jobs, by state (queued and running ones are in flight).");
        meter.CreateObservableGauge("agent.approvals.waiting", () => ApprovalPoints(a => a.Waiting),
            "{approval}", "Approvals waiting for a person.");
        meter.CreateObservableGauge("agent.approvals.oldest_age", () => ApprovalPoints(a => a.OldestAge.TotalSeconds),
            "s", "How long the oldest waiting approval has waited; 0 when none waits.");
        meter.CreateObservableGauge("agent.budget.used_ratio", BudgetPoints, null, "Spent over limit of the day's and the month's Claude budget, by scope and limit (usd, tokens); 1 = exhausted.");
        meter.CreateObservableCounter("agent.incidents", () => Counts(_probe.IncidentCountsAsync, "kind", Learning.Incidents.IncidentKinds.Unmeasured, Learning.Incidents.IncidentKinds.LimitBreached), "{incident}", "Incidents recorded in the knowledge base, by kind.");
        meter.CreateObservableGauge("agent.emergency_stop.engaged", StopPoints,
            null, "1 while the emergency stop is engaged (no cycle or Claude run starts), else 0.");
        meter.CreateObservableGauge("agent.cycle.last_merged_timestamp", LastMergePoints, "s",
            "Unix time of the last merged change (a successful cycle); 0 when none was ever merged.");
        meter.CreateObservableGauge("agent.cluster.expected_replicas", () => _options.ExpectedReplicas, "{replica}", "How many replicas should be up (Telemetry:ExpectedReplicas).");
    }

    /// <summary>Counts a cycle that ended with <paramref name="outcome"/> (one of <see cref="CycleOutcomes.All"/>).</summary>
    public void RecordCycle(string outcome) => _cycles.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    /// <summary>Counts an instance lease that <paramref name="replica"/> took over from a replica that stopped heartbeating.</summary>
    public void RecordLeaseTakeover(string replica)
    {
        if (string.IsNullOrWhiteSpace(replica))
            throw new ArgumentException("No lease takeover was counted: the replica name is empty; pass the name of the replica that took the lease over (its TelemetryOptions.Replica).", nameof(replica));
        _takeovers.AddOrUpdate(replica.Trim(), 1, (_, n) => n + 1);
    }

    /// <summary>Counts a finished Claude run: its tokens by kind, its cost, and how it ended.</summary>
    public void RecordClaudeRun(ClaudeRunResult result)
    {
        if (_claudeRuns.Enabled) _claudeRuns.Add(1, new KeyValuePair<string, object?>("subtype", result.Subtype));
        if (_cost.Enabled && result.CostUsd > 0) _cost.Add((double)result.CostUsd);
        if (!_tokens.Enabled) return;
        var usage = result.Usage;
        Tokens(usage.InputTokens, "input");
        Tokens(usage.OutputTokens, "output");
        Tokens(usage.CacheReadInputTokens, "cache_read");
        Tokens(usage.CacheCreationInputTokens, "cache_creation");
    }

    /// <inheritdoc />
    public void Dispose() => _ownedMeter?.Dispose();

    private void Tokens(long count, string kind)
    {
        if (count > 0) _tokens.Add(count, new KeyValuePair<string, object?>("kind", kind));
    }

    private static IEnumerable<Measurement<long>> Points(ConcurrentDictionary<string, long> counts, string tag) =>
        counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>(tag, c.Key))).ToList();

    // The seeded keys read as 0 when the store has none, so the series an alert or a dashboard watches always exist.
    private IEnumerable<Measurement<long>> Counts(Func<CancellationToken, Task<IReadOnlyDictionary<string, long>>> read, string tag, params string[] seeded)
    {
        if (!TryRead(read, tag, out var counts)) return [];
        return seeded.Where(k => !counts.ContainsKey(k)).Select(k => KeyValuePair.Create(k, 0L)).Concat(counts)
            .Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>(tag, c.Key))).ToList();
    }

    private IEnumerable<Measurement<T>> ApprovalPoints<T>(Func<(int Waiting, TimeSpan OldestAge), T> value) where T : struct =>
        TryRead(_probe.ApprovalsAsync, "approvals", out var approvals) && approvals is { } read ? [new Measurement<T>(value(read))] : [];

    private IEnumerable<Measurement<int>> StopPoints() =>
        _probe.EmergencyStopEngaged() is { } engaged ? [new Measurement<int>(engaged ? 1 : 0)] : [];

    private IEnumerable<Measurement<double>> BudgetPoints() =>
        TryRead(_probe.BudgetUseAsync, "budget", out var uses)
            ? uses.Select(u => new Measurement<double>(u.Ratio, new KeyValuePair<string, object?>("scope", u.Scope), new KeyValuePair<string, object?>("limit", u.Limit))).ToList()
            : [];

    // 0 = never merged; a store that cannot be read gives no point at all, so a broken audit log never reads as "no merge".
    private IEnumerable<Measurement<double>> LastMergePoints() =>
        _probe.HasAuditLog && TryRead(_probe.LastMergeAsync, "audit", out var last)
            ? [new Measurement<double>(last?.ToUnixTimeMilliseconds() / 1000.0 ?? 0)]
            : [];

    // Instruments are observed synchronously (the exporter's collect is synchronous); each store read gets a deadline so a
    // locked or unreachable store drops its gauge from this scrape instead of hanging it. A failure is logged, not thrown:
    // one broken store must not take the other metrics down, and the missing series is what an absent() alert sees.
    private bool TryRead<T>(Func<CancellationToken, Task<T>> read, string what, out T value)
    {
        using var deadline = new CancellationTokenSource(_options.StoreReadTimeout);
        try
        {
            // Task.Run: the read's continuations must not need the collecting thread, which waits here.
            value = Task.Run(() => read(deadline.Token), deadline.Token).WaitAsync(deadline.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "Metrics: reading the {What} store failed, so its gauge is left out of this scrape ({Message}); check that store's database.", what, e.Message);
            value = default!;
            return false;
        }
    }
}
