using System.Text.Json;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>Reads and writes <c>tasks</c> rows inside a caller's connection and transaction.</summary>
internal static class TaskRows
{
    private const string Columns = """
        id, kind, role, capabilities, payload, correlation_id, status, lease_owner, lease_expires_at, consumer, attempts,
        reason, result, created_at, queued_at, leased_at, updated_at, finished_at
        """;

    /// <summary>JSON as stored: compact, so the same value always has the same text (idempotency compares texts).</summary>
    public static string Compact(JsonElement value) => JsonSerializer.Serialize(value);

    /// <summary>The task with <paramref name="id"/>, or null.</summary>
    public static async Task<WorkTask?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(connection, transaction, "WHERE id = @id", cancellationToken, ("@id", id));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The tasks matching <paramref name="where"/> (a WHERE … ORDER BY … clause).</summary>
    public static async Task<IReadOnlyList<WorkTask>> QueryAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM tasks {where}", parameters);
        var list = new List<WorkTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(Read(reader));
        return list;
    }

    /// <summary>Runs an UPDATE/INSERT inside the transaction and returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static WorkTask Read(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new WorkTask
        {
            Id = r.GetString(0), Kind = r.GetString(1), Role = r.GetString(2),
            Capabilities = JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], Payload = Parse(r.GetString(4)),
            CorrelationId = Text(5), Status = r.GetString(6), LeaseOwner = Text(7), LeaseExpiresAt = ReadTime(r, 8), Consumer = Text(9),
            Attempts = r.GetInt32(10), Reason = Text(11), Result = Text(12) is { } result ? Parse(result) : null,
            CreatedAt = ReadTime(r, 13)!.Value, QueuedAt = ReadTime(r, 14)!.Value, LeasedAt = ReadTime(r, 15), UpdatedAt = ReadTime(r, 16)!.Value,
            FinishedAt = ReadTime(r, 17),
        };
    }

    private static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
