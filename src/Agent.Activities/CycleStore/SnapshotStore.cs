using System.Text.Json;
using Agent.Activities.Assessment;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.CycleStore;

/// <summary>Keeps measurement snapshots.</summary>
public sealed class SnapshotStore(CycleDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores <paramref name="snapshot"/>; returns it with its new id.</summary>
    public async Task<MeasurementSnapshot> SaveAsync(MeasurementSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var record = new SnapshotRecord
        {
            TargetPath = snapshot.TargetPath,
            CommitId = snapshot.CommitId,
            TakenAtUtcTicks = snapshot.TakenAt.UtcTicks,
            Json = "{}",
        };
        db.Snapshots.Add(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var stored = snapshot with { Id = record.Id };
        record.Json = JsonSerializer.Serialize(stored, Json);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>The snapshot with <paramref name="id"/>, or null.</summary>
    public async Task<MeasurementSnapshot?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.Snapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Read(record);
    }

    /// <summary>The newest snapshot of <paramref name="targetPath"/> (a full path), or null.</summary>
    public async Task<MeasurementSnapshot?> LatestAsync(string targetPath, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.Snapshots.AsNoTracking().Where(s => s.TargetPath == targetPath)
            .OrderByDescending(s => s.TakenAtUtcTicks).ThenByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return record is null ? null : Read(record);
    }

    /// <summary>The newest <paramref name="count"/> snapshots of <paramref name="targetPath"/>, newest first.</summary>
    public async Task<IReadOnlyList<MeasurementSnapshot>> RecentAsync(string targetPath, int count, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.Snapshots.AsNoTracking().Where(s => s.TargetPath == targetPath)
            .OrderByDescending(s => s.TakenAtUtcTicks).ThenByDescending(s => s.Id).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(Read)];
    }

    private static MeasurementSnapshot Read(SnapshotRecord record) =>
        JsonSerializer.Deserialize<MeasurementSnapshot>(record.Json, Json) ?? throw new InvalidDataException($"Snapshot {record.Id} holds no JSON.");
}
