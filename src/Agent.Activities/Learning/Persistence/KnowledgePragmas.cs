using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The settings of every knowledge base connection. WAL lets the server and CLI commands read while one writes;
/// the busy timeout makes a second writer wait for the lock instead of failing at once. synchronous=NORMAL in WAL
/// mode loses no committed data on a process crash.
/// </summary>
internal sealed class KnowledgePragmas(int busyTimeoutMs) : DbConnectionInterceptor
{
    private string Script => $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={Math.Max(0, busyTimeoutMs)}; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Script;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Script;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
