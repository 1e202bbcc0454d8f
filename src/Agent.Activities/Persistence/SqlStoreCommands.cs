using System.Data.Common;
using System.Globalization;
using Npgsql;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Persistence;

/// <summary>
/// Helpers that keep a raw store's SQL portable between SQLite and PostgreSQL: commands with <c>@name</c> parameters,
/// times stored as round-trip ISO text (UTC, fixed width, so text order is time order on both), and the providers'
/// "unique key taken" error recognized alike. A null is sent untyped: PostgreSQL takes the column's type in
/// <c>VALUES</c> and <c>SET</c>, but cannot infer one for a bare <c>@p IS NULL</c> — write <c>CAST(@p AS TEXT) IS NULL</c> there.
/// </summary>
public static class SqlStoreCommands
{
    /// <summary>A command on <paramref name="connection"/> with <paramref name="sql"/> and parameters (name with its <c>@</c>, value; null as DBNull).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Command(connection, null, sql, parameters);

    /// <summary>A command inside <paramref name="transaction"/> (required while one is open on the connection).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A time as stored (round-trip, UTC).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A stored time, or null.</summary>
    public static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Whether <paramref name="exception"/> says a unique key or primary key is already taken (both providers).</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
