using System.Text.Json;
using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Goals;
using Agent.Activities.Safety.Decisions;
using Microsoft.EntityFrameworkCore;

namespace Agent.Server.Dashboard;

/// <summary>One measurement of a target: when, which commit, and the charted metrics (absent when not measured).</summary>
public sealed record TargetPoint(DateTimeOffset At, string? Commit, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A target's measurements over time, oldest first, and its newest Security Score.</summary>
public sealed record TargetSeries(string Target, IReadOnlyList<TargetPoint> Points, int? SecurityScore, DateTimeOffset? SecurityScoreAt);

/// <summary>
/// Reads the cycle store's measurement snapshots per target: tests, coverage, docs and security (vulnerable
/// dependencies) over time, plus the newest Security Score the decision store holds for the target.
/// </summary>
public sealed class TargetMeasurements(CycleDatabase database, DecisionStore decisions)
{
    /// <summary>The metrics the dashboard charts, in the order of its legend.</summary>
    public static readonly IReadOnlyList<string> Charted =
    [
        MetricCatalog.TestsPassPercent, MetricCatalog.TestsPassed, MetricCatalog.TestsFailed, MetricCatalog.CoverageLinePercent,
        MetricCatalog.DocsPublicApiPercent, MetricCatalog.DepsVulnerable,
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every measured target with its series (the newest <paramref name="perTarget"/> snapshots of each).</summary>
    public async Task<IReadOnlyList<TargetSeries>> ReadAsync(int perTarget, CancellationToken cancellationToken)
    {
        List<SnapshotRecord> records;
        await using (var db = await database.OpenAsync(cancellationToken))
        {
            var targets = await db.Snapshots.AsNoTracking().Select(s => s.TargetPath).Distinct().ToListAsync(cancellationToken);
            records = [];
            foreach (var target in targets.Order(StringComparer.Ordinal))
                records.AddRange(await db.Snapshots.AsNoTracking().Where(s => s.TargetPath == target)
                    .OrderByDescending(s => s.TakenAtUtcTicks).ThenByDescending(s => s.Id).Take(perTarget).ToListAsync(cancellationToken));
        }
        var scores = (await decisions.LatestScoresAsync(null, cancellationToken)).ToDictionary(s => s.Target, StringComparer.Ordinal);
        return [.. records.GroupBy(r => r.TargetPath).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var points = g.OrderBy(r => r.TakenAtUtcTicks).ThenBy(r => r.Id).Select(Point).ToList();
            var score = scores.GetValueOrDefault(g.Key);
            return new TargetSeries(g.Key, points, score?.Score, score?.At);
        })];
    }

    private static TargetPoint Point(SnapshotRecord record)
    {
        var snapshot = JsonSerializer.Deserialize<MeasurementSnapshot>(record.Json, Json);
        var metrics = Charted.Where(m => snapshot?.Metrics.ContainsKey(m) == true).ToDictionary(m => m, m => snapshot!.Metrics[m], StringComparer.Ordinal);
        return new TargetPoint(new DateTimeOffset(record.TakenAtUtcTicks, TimeSpan.Zero), record.CommitId, metrics);
    }
}
