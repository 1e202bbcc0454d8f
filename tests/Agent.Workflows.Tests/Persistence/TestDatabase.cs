using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Tests.Persistence;

/// <summary>
/// A private temp folder per test, with persistence registered on a real SQLite file in it, in memory, or on a fresh
/// database of a real PostgreSQL server (<see cref="CreatePostgreSqlAsync"/>).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string directory, PersistenceOptions options, DatabaseOptions database, ServiceProvider services)
    {
        Directory = directory;
        Options = options;
        Database = database;
        Services = services;
    }

    public string Directory { get; }
    public PersistenceOptions Options { get; }
    public DatabaseOptions Database { get; }
    public ServiceProvider Services { get; private set; }
    public string DatabasePath => Options.DatabasePath;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static string NewDirectory() => TempFolder.Create("agent-workflows-tests");

    /// <summary>Creates the folder and services; with <paramref name="initialize"/> also applies migrations.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, CancellationToken cancellationToken, bool initialize = true, string? directory = null)
    {
        directory ??= NewDirectory();
        var options = new PersistenceOptions { Provider = provider, DatabasePath = Path.Combine(directory, "workflows.db"), BusyTimeoutMs = 5000 };
        var db = new TestDatabase(directory, options, new DatabaseOptions(), Build(options, new DatabaseOptions()));
        if (initialize) await db.Get<IWorkflowDatabaseInitializer>().InitializeAsync(cancellationToken);
        return db;
    }

    /// <summary>Services on the PostgreSQL database of <paramref name="connectionString"/> (Database:Provider=PostgreSql).</summary>
    public static async Task<TestDatabase> CreatePostgreSqlAsync(string connectionString, CancellationToken cancellationToken, bool initialize = true)
    {
        var directory = NewDirectory();
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString };
        var options = new PersistenceOptions { DatabasePath = Path.Combine(directory, "unused.db") };
        var db = new TestDatabase(directory, options, database, Build(options, database));
        if (initialize) await db.Get<IWorkflowDatabaseInitializer>().InitializeAsync(cancellationToken);
        return db;
    }

    /// <summary>Disposes the services and builds them again on the same file, as a process restart would.</summary>
    public async Task ReopenAsync(CancellationToken cancellationToken)
    {
        await Services.DisposeAsync();
        Services = Build(Options, Database);
        await Get<IWorkflowDatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    private static ServiceProvider Build(PersistenceOptions options, DatabaseOptions database) => new ServiceCollection()
        .AddWorkflowPersistence(o =>
        {
            o.Provider = options.Provider;
            o.DatabasePath = options.DatabasePath;
            o.BusyTimeoutMs = options.BusyTimeoutMs;
        }, d =>
        {
            d.Provider = database.Provider;
            d.ConnectionString = database.ConnectionString;
        })
        .BuildServiceProvider();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Pooled connections keep the file open; release this database's pool before deleting it.
        using (var connection = new SqliteConnection(SqliteConnectionStrings.Build(Options))) SqliteConnection.ClearPool(connection);
        TempFolder.Delete(Directory);
    }
}
