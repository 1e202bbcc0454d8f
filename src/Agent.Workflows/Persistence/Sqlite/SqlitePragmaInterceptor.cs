using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>Applies <see cref="SqlitePragmas"/> to every connection EF Core opens.</summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutMs) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        SqlitePragmas.Apply(connection, busyTimeoutMs);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        SqlitePragmas.ApplyAsync(connection, busyTimeoutMs, cancellationToken);
}
