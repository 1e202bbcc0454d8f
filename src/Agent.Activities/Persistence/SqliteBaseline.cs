using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Agent.Activities.Persistence;

/// <summary>
/// Adopts a SQLite file made by a store's old DDL into EF Core migrations: the file keeps every row, is brought to the
/// last legacy shape and its history says the store's first migration is applied. A file is legacy when it has the
/// store's marker table but its history lacks that migration, whether or not the history table exists: a file shared
/// by several stores (the engine's <c>agent.db</c>) may have a history made by another store or the engine. Runs in one
/// <c>BEGIN IMMEDIATE</c> transaction, so a crash leaves the file either untouched or baselined, and two processes
/// starting together baseline once.
/// </summary>
internal static class SqliteBaseline
{
    /// <summary>Whether the file at <paramref name="path"/> was made by <paramref name="legacy"/> and not baselined yet; only reads it.</summary>
    public static async Task<bool> IsLegacyAsync(string path, DbContext context, LegacySqliteSchema legacy, CancellationToken cancellationToken)
    {
        var readOnly = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(readOnly);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await IsLegacyAsync(connection, null, legacy, FirstMigration(context), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Baselines the file of <paramref name="connection"/> when the old DDL made it; does nothing otherwise.</summary>
    public static async Task ApplyAsync(SqliteConnection connection, DbContext context, LegacySqliteSchema legacy, CancellationToken cancellationToken)
    {
        var first = FirstMigration(context);
        if (!await IsLegacyAsync(connection, null, legacy, first, cancellationToken).ConfigureAwait(false)) return;
        var history = context.GetService<IHistoryRepository>();
        await using var transaction = connection.BeginTransaction(deferred: false);
        // Checked again under the write lock: another process may have baselined the file meanwhile.
        if (!await IsLegacyAsync(connection, transaction, legacy, first, cancellationToken).ConfigureAwait(false)) return;
        await ExecuteAsync(connection, transaction, legacy.Ddl, cancellationToken).ConfigureAwait(false);
        foreach (var added in legacy.AddedColumns)
        {
            if (await HasColumnAsync(connection, transaction, added.Table, added.Column, cancellationToken).ConfigureAwait(false)) continue;
            // The names are the store's constants, never input.
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {added.Table} ADD COLUMN {added.Column} {added.Definition}", cancellationToken).ConfigureAwait(false);
        }
        await ExecuteAsync(connection, transaction, history.GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string FirstMigration(DbContext context) => context.Database.GetMigrations().FirstOrDefault()
        ?? throw new InvalidOperationException($"{context.GetType().Name} has no migrations to baseline an old file with; add its initial migration (scripts/dev/add-migration.sh).");

    private static async Task<bool> IsLegacyAsync(SqliteConnection connection, SqliteTransaction? transaction, LegacySqliteSchema legacy, string firstMigration, CancellationToken cancellationToken)
    {
        if (!await HasTableAsync(connection, transaction, legacy.MarkerTable, cancellationToken).ConfigureAwait(false)) return false;
        if (!await HasTableAsync(connection, transaction, HistoryRepository.DefaultTableName, cancellationToken).ConfigureAwait(false)) return true;
        await using var command = SqlStoreCommands.Command(connection, transaction,
            $"SELECT COUNT(*) FROM \"{HistoryRepository.DefaultTableName}\" WHERE \"MigrationId\" = @id", ("@id", firstMigration));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) == 0;
    }

    private static async Task<bool> HasTableAsync(SqliteConnection connection, SqliteTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = SqlStoreCommands.Command(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name", ("@name", table));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) > 0;
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = SqlStoreCommands.Command(connection, transaction, "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column", ("@table", table), ("@column", column));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) > 0;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = SqlStoreCommands.Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
