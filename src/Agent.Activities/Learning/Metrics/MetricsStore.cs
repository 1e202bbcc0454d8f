using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Metrics;

/// <summary>The scopes of metrics.</summary>
public static class MetricScopes
{
    /// <summary>Measured on the repository (tests passing, warnings, coverage…).</summary>
    public const string Repository = "repository";
    /// <summary>Measured on the agent's own work (turns, tokens, cost, duration per attempt).</summary>
    public const string Agent = "agent";
}

/// <summary>One point of a time series.</summary>
public sealed record MetricPoint(DateTimeOffset At, double Value, string? ExperienceId);

/// <summary>Time series of repository and agent metrics.</summary>
public sealed class MetricsStore(KnowledgeDatabase database, TimeProvider time)
{
    /// <summary>Stores one value of <paramref name="name"/> (at now unless <paramref name="at"/> is given).</summary>
    public Task RecordAsync(string name, double value, string scope, DateTimeOffset? at = null, string? experienceId = null, CancellationToken cancellationToken = default) =>
        RecordAllAsync([(name, value)], scope, at, experienceId, cancellationToken);

    /// <summary>Stores several values at one time in one write (at now unless <paramref name="at"/> is given); all or none.</summary>
    public Task RecordAllAsync(IReadOnlyList<(string Name, double Value)> points, string scope, DateTimeOffset? at = null, string? experienceId = null, CancellationToken cancellationToken = default)
    {
        foreach (var (name, value) in points)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new LearningInputException("A metric needs a name, e.g. repo.tests.passed.");
            if (!double.IsFinite(value)) throw new LearningInputException($"Metric '{name}' has the value {value}; give a finite number.");
        }
        var when = at ?? time.GetUtcNow();
        return database.WriteAsync(db =>
        {
            foreach (var (name, value) in points) Add(db, name, value, scope, when, experienceId);
            return Task.FromResult(0);
        }, cancellationToken);
    }

    /// <summary>The series of <paramref name="name"/>, oldest first, optionally within [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public Task<IReadOnlyList<MetricPoint>> SeriesAsync(string name, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<MetricPoint>>(async db =>
        {
            var query = db.Metrics.Where(m => m.Name == name);
            if (from is { } f) query = query.Where(m => m.RecordedAt >= f);
            if (to is { } t) query = query.Where(m => m.RecordedAt <= t);
            var rows = await query.OrderBy(m => m.RecordedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(m => new MetricPoint(m.RecordedAt, m.Value, m.ExperienceId)).ToList();
        }, cancellationToken);

    /// <summary>The names of all stored series.</summary>
    public Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<string>>(async db => await db.Metrics.Select(m => m.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken).ConfigureAwait(false), cancellationToken);

    internal static void Add(KnowledgeDbContext db, string name, double value, string scope, DateTimeOffset at, string? experienceId) =>
        db.Metrics.Add(new MetricRecord { Name = name, Value = value, Scope = scope, RecordedAt = at, ExperienceId = experienceId });
}
