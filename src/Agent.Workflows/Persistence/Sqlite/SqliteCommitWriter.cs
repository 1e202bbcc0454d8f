using Agent.Workflows.Runtime;
using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// Runs commits on one dedicated, long-lived connection with prepared statements, one at a time.
/// </summary>
/// <remarks>
/// SQLite admits one writer at a time whatever we do; queueing commits on an in-process lock instead of letting
/// several connections collide on the file lock avoids busy-waiting and lets the statements stay prepared.
/// Readers use their own pooled connections and are not blocked (WAL). Other processes still contend through
/// the busy timeout.
/// </remarks>
internal sealed class SqliteCommitWriter(string connectionString, int busyTimeoutMs) : IDisposable
{
    private const int SqliteError = 1;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SqliteConnection? _connection;
    private SqliteCommitCommands? _commands;
    private bool _disposed;

    public async Task CommitAsync(InstanceCommit commit, IReadOnlyList<Bookmark> addedBookmarks, string stateJson, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Cancellation is honoured up to here; once the transaction starts it runs to commit or rollback.
            cancellationToken.ThrowIfCancellationRequested();
            var (connection, commands) = Open();
            try
            {
                // Microsoft.Data.Sqlite runs synchronously even behind its async methods; calling the sync API
                // directly saves a task per statement on the hot path. BeginTransaction issues BEGIN IMMEDIATE,
                // taking the write lock up front so the transaction cannot fail half-way on lock upgrade.
                using var transaction = connection.BeginTransaction();
                commands.Execute(transaction, commit, addedBookmarks, stateJson);
                transaction.Commit();
                commands.Committed();
            }
            catch (ConcurrencyConflictException)
            {
                commands.RolledBack();
                throw; // the transaction was rolled back by its disposal; the connection is fine
            }
            catch
            {
                // After an I/O or lock error the connection's state is unknown; start fresh on the next commit.
                Reset();
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private (SqliteConnection, SqliteCommitCommands) Open()
    {
        if (_connection is not null && _commands is not null) return (_connection, _commands);
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            SqlitePragmas.Apply(connection, busyTimeoutMs);
            var commands = new SqliteCommitCommands(connection);
            (_connection, _commands) = (connection, commands);
            return (connection, commands);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteError && ex.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
        {
            connection.Dispose();
            throw new WorkflowStoreException(
                $"The workflow database has no schema ({ex.Message}). Call IWorkflowDatabaseInitializer.InitializeAsync at start-up to apply migrations.",
                SqliteConnectionStrings.DatabaseFile(connectionString), ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Reset()
    {
        _commands?.Dispose();
        _connection?.Dispose();
        (_commands, _connection) = (null, null);
    }

    public void Dispose()
    {
        _lock.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            Reset();
        }
        finally
        {
            _lock.Release();
        }
    }
}
