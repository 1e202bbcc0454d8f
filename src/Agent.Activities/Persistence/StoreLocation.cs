using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Activities.Persistence;

/// <summary>
/// Where one EF store keeps its tables under the <c>Database</c> switch: its own SQLite file, or its own schema of the
/// shared PostgreSQL database. The PostgreSQL connection's search path is the schema, so the store's hand-written SQL
/// names its tables unqualified on both providers, and the migrations history table lives in the schema too.
/// </summary>
public sealed class StoreLocation
{
    private const string HistoryTable = "__EFMigrationsHistory";

    private StoreLocation(DatabaseProvider provider, string? sqlitePath, string? connectionString, string schema)
    {
        Provider = provider;
        SqlitePath = sqlitePath;
        ConnectionString = connectionString;
        Schema = schema;
    }

    /// <summary>The provider the store uses.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The absolute SQLite file (null on PostgreSQL).</summary>
    public string? SqlitePath { get; }

    /// <summary>The PostgreSQL connection string with the store's search path (null on SQLite).</summary>
    public string? ConnectionString { get; }

    /// <summary>The PostgreSQL schema of the store.</summary>
    public string Schema { get; }

    /// <summary>Whether the store lives in PostgreSQL.</summary>
    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The store's location for <paramref name="database"/>.</summary>
    /// <param name="database">The <c>Database</c> section.</param>
    /// <param name="sqlitePath">The store's own SQLite file (used with <see cref="DatabaseProvider.Sqlite"/>).</param>
    /// <param name="schema">The store's PostgreSQL schema (lower case, used with <see cref="DatabaseProvider.PostgreSql"/>).</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is chosen without a usable connection string.</exception>
    public static StoreLocation For(DatabaseOptions database, string sqlitePath, string schema)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
            return new StoreLocation(DatabaseProvider.Sqlite, Path.GetFullPath(sqlitePath), null, schema);
        if (DatabaseOptionsValidator.ProblemOf(database) is { } problem) throw new InvalidOperationException(problem);
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = schema };
        return new StoreLocation(DatabaseProvider.PostgreSql, null, builder.ConnectionString, schema);
    }

    /// <summary>What to name in messages: the file, or the schema and database.</summary>
    public string Describe() => IsPostgreSql
        ? $"schema '{Schema}' of PostgreSQL database '{new NpgsqlConnectionStringBuilder(ConnectionString).Database}'"
        : $"'{SqlitePath}'";

    /// <summary>Points <paramref name="builder"/> at the store with its provider.</summary>
    /// <param name="builder">The options to configure.</param>
    /// <param name="sqlite">Extra SQLite connection settings (pooling, timeout).</param>
    /// <param name="migrationsAssembly">The assembly holding the migrations (null: the context's own).</param>
    public void Configure(DbContextOptionsBuilder builder, Action<SqliteConnectionStringBuilder>? sqlite = null, string? migrationsAssembly = null)
    {
        if (IsPostgreSql)
        {
            builder.UseNpgsql(ConnectionString, o =>
            {
                o.MigrationsHistoryTable(HistoryTable, Schema);
                if (migrationsAssembly is not null) o.MigrationsAssembly(migrationsAssembly);
            });
            return;
        }
        // No pooling by default: several processes share the file and a pooled handle would keep it open.
        var connection = new SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = false };
        sqlite?.Invoke(connection);
        builder.UseSqlite(connection.ToString(), o =>
        {
            if (migrationsAssembly is not null) o.MigrationsAssembly(migrationsAssembly);
        });
    }
}
