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

    /// <summary>Writes <paramref name="commit"/> in one transaction; <paramref name="stateJson"/> is the instance state as UTF-8 JSON.</summary>
    public async Task CommitAsync(InstanceCommit commit, IReadOnlyList<Bookmark> addedBookmarks, ReadOnlyMemory<byte> stateJson, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Cancellation is honoured up to here; once the transaction starts it runs to commit or rollback.
            cancellationToken.ThrowIfCancellationRequested();
            Write(commit, addedBookmarks, stateJson.Span);
        }
        finally
        {
            _lock.Release();
        }
    }

    // Microsoft.Data.Sqlite runs synchronously even behind its async methods, and so does SQLite's own API used here.
    private void Write(InstanceCommit commit, IReadOnlyList<Bookmark> addedBookmarks, ReadOnlySpan<byte> stateJson)
    {
        var commands = Open();
        try
        {
            commands.Begin();
        }
        catch
        {
            // Nothing was written; after an I/O or lock error the connection's state is unknown, start fresh next time.
            Reset();
            throw;
        }
        try
        {
            commands.Execute(commit, addedBookmarks, stateJson);
            commands.Commit();
            commands.Committed();
        }
        catch (ConcurrencyConflictException)
        {
            commands.RolledBack();
            RollBack(commands);
            throw;
        }
        catch
        {
            // The transaction was begun with SQLite's own statements, so Microsoft.Data.Sqlite does not know of it:
            // closing the connection (it is not pooled) is what rolls back whatever is left of it.
            Reset();
            throw;
        }
    }

    private void RollBack(SqliteCommitCommands commands)
    {
        try
        {
            commands.Rollback();
        }
        catch
        {
            Reset(); // a failed rollback leaves the transaction open: closing the connection ends it
            throw;
        }
    }

    private SqliteCommitCommands Open()
    {
        if (_connection is not null && _commands is not null) return _commands;
        // Not pooled: the transaction is run with SQLite's own statements, unknown to Microsoft.Data.Sqlite, so a
        // connection given up after an error must really close (which rolls back) rather than go back to a pool
        // the EF Core reads draw from.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
            SqlitePragmas.Apply(connection, busyTimeoutMs);
            var commands = new SqliteCommitCommands(connection);
            (_connection, _commands) = (connection, commands);
            return commands;
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
