using System.Data.Common;

namespace Agent.Activities.Persistence;

/// <summary>
/// One open connection of a raw-SQL store, inside a transaction or not: commands made here carry the transaction (SQLite
/// refuses a command without it while one is open) and take <c>@name</c> parameters, null sent as SQL NULL.
/// </summary>
public sealed class SqlSession(DbConnection connection, DbTransaction? transaction, bool isPostgreSql)
{
    /// <summary>The connection.</summary>
    public DbConnection Connection => connection;

    /// <summary>Whether the connection is PostgreSQL (for the few fragments that differ, e.g. JSON access).</summary>
    public bool IsPostgreSql => isPostgreSql;

    /// <summary>A command with <paramref name="sql"/> and <paramref name="parameters"/> in this session's transaction.</summary>
    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters) =>
        SqlStoreCommands.Command(connection, transaction, sql, parameters);

    /// <summary>Runs one statement; returns the rows changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row, or null when there is no row.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, read by <paramref name="read"/>.</summary>
    public async Task<List<T>> ListAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>
    /// SQL for the text value of top-level key <paramref name="keyParameter"/> of the JSON object in <paramref name="column"/>:
    /// <c>json_extract</c> on SQLite, <c>-&gt;&gt;</c> on PostgreSQL (the column holds JSON text on both).
    /// </summary>
    public string JsonText(string column, string keyParameter) => isPostgreSql
        ? $"(CAST({column} AS jsonb) ->> {keyParameter})"
        : $"json_extract({column}, '$.\"' || {keyParameter} || '\"')";
}
