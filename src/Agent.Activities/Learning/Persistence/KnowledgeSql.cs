using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Agent.Activities.Learning.Persistence;

/// <summary>Raw SQL on a context's connection, inside its current transaction: for upserts that must be atomic
/// across processes (<c>INSERT … ON CONFLICT … DO UPDATE</c>) and for FTS5 queries EF Core cannot express.</summary>
internal static class KnowledgeSql
{
    public static async Task<DbCommand> CommandAsync(KnowledgeDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    public static async Task<long> ScalarAsync(KnowledgeDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, cancellationToken, parameters).ConfigureAwait(false);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<int> ExecuteAsync(KnowledgeDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, cancellationToken, parameters).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parameters <c>@p0…@pN</c> for an <c>IN (…)</c> list.</summary>
    public static (string List, (string, object?)[] Parameters) InList<T>(IReadOnlyList<T> values, string prefix = "@p") =>
        (string.Join(',', values.Select((_, i) => prefix + i)), values.Select((v, i) => (prefix + i, (object?)v)).ToArray());
}
