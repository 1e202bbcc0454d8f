using System.Runtime.CompilerServices;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Webhooks;
using System.Data.Common;
using Agent.Activities.Persistence;

namespace Agent.Activities.Safety.Audit;

/// <summary>
/// Appends to and reads the hash-chained audit log. Appending takes the write lock first, reads the last hash, inserts
/// the record, queues its webhook deliveries and moves the anchor — all before the lock is released, so two processes
/// appending at once still form one chain and the anchor never goes backwards.
/// </summary>
public sealed class AuditLog(AuditDatabase database, TimeProvider clock)
{
    /// <summary>The database behind the log.</summary>
    public AuditDatabase Database => database;

    /// <summary>
    /// Appends <paramref name="safetyEvent"/> (already redacted) and queues <paramref name="deliveries"/> in the same
    /// transaction. Appending an event id that is already in the log changes nothing and returns the stored record, so a
    /// step re-run after a crash does not audit (or send) twice.
    /// </summary>
    public async Task<AuditRecord> AppendAsync(SafetyEvent safetyEvent, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        var anchorMoved = false;
        try
        {
            return await database.InTransactionAsync(async connection =>
            {
                if (await FindAsync(connection, safetyEvent.Id, cancellationToken) is { } existing) return existing;
                var (lastSeq, lastHash) = await LastAsync(connection, cancellationToken);
                var seq = lastSeq + 1;
                var at = AuditDatabase.Format(safetyEvent.At);
                var data = AuditChain.CanonicalData(safetyEvent.Data);
                var hash = AuditChain.Hash(seq, safetyEvent.Id, at, safetyEvent.Kind, safetyEvent.Actor, safetyEvent.Summary, data, lastHash);
                var record = new AuditRecord(seq, safetyEvent.Id, at, safetyEvent.Kind, safetyEvent.Actor, safetyEvent.Summary, data, lastHash, hash);
                await connection.ExecuteAsync(
                    "INSERT INTO audit_log (seq, id, at, kind, actor, summary, data, prev_hash, hash) VALUES (@seq, @id, @at, @kind, @actor, @summary, @data, @prev, @hash)",
                    cancellationToken, ("@seq", seq), ("@id", record.Id), ("@at", at), ("@kind", record.Kind), ("@actor", record.Actor),
                    ("@summary", record.Summary), ("@data", data), ("@prev", lastHash), ("@hash", hash));
                await WebhookOutbox.EnqueueAsync(connection, safetyEvent, deliveries, clock.GetUtcNow(), cancellationToken);
                // The anchor moves while the write lock is held, so concurrent appenders write it in chain order.
                await new AuditAnchor(seq, hash).WriteAsync(database.AnchorPath, cancellationToken);
                anchorMoved = true;
                return record;
            }, cancellationToken);
        }
        catch when (anchorMoved)
        {
            // The commit failed after the anchor moved: point it at the last committed record again, so verify does not
            // report a truncation that never happened.
            await RestoreAnchorAsync();
            throw;
        }
    }

    /// <summary>The latest records, newest first, optionally of one kind.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(string? kind, int limit, CancellationToken cancellationToken)
    {
        var where = kind is { Length: > 0 } ? "WHERE kind = @kind " : "";
        return await database.ReadAsync(s => s.ListAsync($"SELECT {Columns} FROM audit_log {where}ORDER BY seq DESC LIMIT @limit", Read, cancellationToken, ("@kind", kind), ("@limit", limit)), cancellationToken);
    }

    /// <summary>The newest record of <paramref name="kind"/> whose data has <paramref name="dataKey"/> = <paramref name="value"/>, or null.</summary>
    public async Task<AuditRecord?> FindLatestAsync(string kind, string dataKey, string value, CancellationToken cancellationToken)
    {
        var found = await database.ReadAsync(s => s.ListAsync(
            $"SELECT {Columns} FROM audit_log WHERE kind = @kind AND {s.JsonText("data", "@key")} = @value ORDER BY seq DESC LIMIT 1",
            Read, cancellationToken, ("@kind", kind), ("@key", dataKey), ("@value", value)), cancellationToken);
        return found.FirstOrDefault();
    }

    /// <summary>Every record in seq order, streamed (for verification).</summary>
    public async IAsyncEnumerable<AuditRecord> ReadChainAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlStoreCommands.Command(connection, $"SELECT {Columns} FROM audit_log ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return Read(reader);
    }

    private const string Columns = "seq, id, at, kind, actor, summary, data, prev_hash, hash";

    private static AuditRecord Read(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8));

    private static async Task<AuditRecord?> FindAsync(SqlSession session, string id, CancellationToken cancellationToken) =>
        (await session.ListAsync($"SELECT {Columns} FROM audit_log WHERE id = @id", Read, cancellationToken, ("@id", id))).FirstOrDefault();

    private static async Task<(long Seq, string Hash)> LastAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var last = await session.ListAsync("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", r => (r.GetInt64(0), r.GetString(1)), cancellationToken);
        return last.Count == 1 ? last[0] : (0, AuditChain.Genesis);
    }

    // After a failed append: point the anchor at the last committed record again.
    private async Task RestoreAnchorAsync()
    {
        try
        {
            var (seq, hash) = await database.ReadAsync(s => LastAsync(s, CancellationToken.None), CancellationToken.None);
            if (seq > 0) await new AuditAnchor(seq, hash).WriteAsync(database.AnchorPath, CancellationToken.None);
            else File.Delete(database.AnchorPath);
        }
        catch (Exception e) when (e is IOException or DbException or UnauthorizedAccessException)
        {
            // The append's own error is the one to report; a stale anchor shows up in 'agent audit verify'.
        }
    }
}
