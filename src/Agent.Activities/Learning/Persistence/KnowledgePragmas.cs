using System.Data.Common;
using System.Runtime.CompilerServices;
using Agent.Workflows.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The settings of every knowledge base connection. WAL lets the server and CLI commands read while one writes;
/// the busy timeout makes a second writer wait for the lock instead of failing at once. synchronous=NORMAL in WAL
/// mode loses no committed data on a process crash. The settings belong to the native connection, which the pool
/// keeps open between uses, so they run once per native connection rather than on every open (a lookup opens once).
/// A read-only connection (EF Core opens one to check that the file exists) gets all but the switch to WAL: switching
/// writes the file, which fails with "readonly database" when another process has just created it.
/// </summary>
internal sealed class KnowledgePragmas(int busyTimeoutMs) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _applied = [];

    // The engine's settings: the knowledge base keeps the same promises (and the read-only rule above).
    private string Script(DbConnection connection) => SqlitePragmas.Script(connection, busyTimeoutMs);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Needed(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Script(connection);
        command.ExecuteNonQuery();
        Done(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!Needed(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Script(connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Done(connection);
    }

    private bool Needed(DbConnection connection) => connection is not SqliteConnection { Handle: { } handle } || !_applied.TryGetValue(handle, out _);

    private void Done(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) _applied.AddOrUpdate(handle, this);
    }
}
