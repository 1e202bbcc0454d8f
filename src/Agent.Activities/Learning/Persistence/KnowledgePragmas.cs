using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The settings of every knowledge base connection. WAL lets the server and CLI commands read while one writes;
/// the busy timeout makes a second writer wait for the lock instead of failing at once. synchronous=NORMAL in WAL
/// mode loses no committed data on a process crash. The settings belong to the native connection, which the pool
/// keeps open between uses, so they run once per native connection rather than on every open (a lookup opens once).
/// </summary>
internal sealed class KnowledgePragmas(int busyTimeoutMs) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _applied = [];

    private string Script => $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={Math.Max(0, busyTimeoutMs)}; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Needed(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Script;
        command.ExecuteNonQuery();
        Done(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Needed(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Script;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Done(connection);
    }

    private bool Needed(DbConnection connection) => connection is not SqliteConnection { Handle: { } handle } || !_applied.TryGetValue(handle, out _);

    private void Done(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) _applied.AddOrUpdate(handle, this);
    }
}
