using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.Persistence;

namespace Agent.Activities.Safety.Webhooks;

/// <summary>How many outbox rows are in each state.</summary>
/// <param name="Pending">Not yet delivered, still being tried.</param>
/// <param name="Delivered">Answered with a 2xx.</param>
/// <param name="Dead">Given up after the last attempt.</param>
public sealed record OutboxCounts(int Pending, int Delivered, int Dead);

/// <summary>
/// The <c>webhook_outbox</c> table: one row per event and subscribed endpoint, written in the audit's transaction and
/// kept until a 2xx (delivered) or the last attempt (dead). Rows survive restarts, so what was queued before a crash is
/// sent after it.
/// </summary>
public sealed class WebhookOutbox(AuditDatabase database)
{
    /// <summary>A row waiting for its (next) attempt.</summary>
    public const string Pending = "pending";

    /// <summary>A row answered with a 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>A row given up on.</summary>
    public const string Dead = "dead";

    /// <summary>Queues <paramref name="deliveries"/> inside the caller's (audit) transaction, due now.</summary>
    internal static async Task EnqueueAsync(SqlSession session, SafetyEvent safetyEvent, IReadOnlyList<WebhookDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = AuditDatabase.Format(now);
        foreach (var delivery in deliveries)
            await session.ExecuteAsync("""
                INSERT INTO webhook_outbox (event_id, kind, url, format, body, next_attempt_at, created_at)
                VALUES (@event, @kind, @url, @format, @body, @at, @at) ON CONFLICT (event_id, url) DO NOTHING
                """, cancellationToken, ("@event", safetyEvent.Id), ("@kind", safetyEvent.Kind), ("@url", delivery.Url),
                ("@format", delivery.Format), ("@body", delivery.Body), ("@at", at));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows: their next attempt moves <paramref name="lease"/> ahead first, so
    /// another dispatcher (the server and a CLI) does not send them at the same time, and a crash mid-send only delays them.
    /// </summary>
    public Task<IReadOnlyList<PendingDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        database.InTransactionAsync<IReadOnlyList<PendingDelivery>>(async session =>
        {
            var due = await session.ListAsync(
                "SELECT id, event_id, kind, url, body, attempts FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY id LIMIT @limit",
                reader => new PendingDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)),
                cancellationToken, ("@now", AuditDatabase.Format(now)), ("@limit", limit));
            foreach (var row in due)
                await session.ExecuteAsync("UPDATE webhook_outbox SET next_attempt_at = @lease WHERE id = @id", cancellationToken,
                    ("@lease", AuditDatabase.Format(now + lease)), ("@id", row.RowId));
            return (IReadOnlyList<PendingDelivery>)due;
        }, cancellationToken);

    /// <summary>Marks a row delivered (after its 2xx).</summary>
    public Task MarkDeliveredAsync(long rowId, int attempts, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync("status = 'delivered', attempts = @attempts, delivered_at = @now, last_error = NULL", rowId, cancellationToken,
            ("@attempts", attempts), ("@now", AuditDatabase.Format(now)));

    /// <summary>Records a failed attempt and when to try again.</summary>
    public Task RetryLaterAsync(long rowId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        UpdateAsync("attempts = @attempts, next_attempt_at = @next, last_error = @error", rowId, cancellationToken,
            ("@attempts", attempts), ("@next", AuditDatabase.Format(nextAttemptAt)), ("@error", error));

    /// <summary>Gives up on a row after its last attempt.</summary>
    public Task MarkDeadAsync(long rowId, int attempts, string error, CancellationToken cancellationToken) =>
        UpdateAsync("status = 'dead', attempts = @attempts, last_error = @error", rowId, cancellationToken, ("@attempts", attempts), ("@error", error));

    /// <summary>How many rows are pending, delivered and dead.</summary>
    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(s => s.ListAsync("SELECT status, COUNT(*) FROM webhook_outbox GROUP BY status",
            r => (Status: r.GetString(0), Count: Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)), cancellationToken), cancellationToken);
        var counts = rows.ToDictionary(r => r.Status, r => r.Count);
        return new OutboxCounts(counts.GetValueOrDefault(Pending), counts.GetValueOrDefault(Delivered), counts.GetValueOrDefault(Dead));
    }

    private async Task UpdateAsync(string set, long rowId, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await database.ReadAsync(s => s.ExecuteAsync($"UPDATE webhook_outbox SET {set} WHERE id = @id", cancellationToken, [.. parameters, ("@id", rowId)]), cancellationToken);
    }
}
