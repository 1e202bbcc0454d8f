namespace Agent.Activities.Persistence;

/// <summary>What a raw-SQL store's <see cref="SqlStoreDatabase{TContext}"/> needs to know besides the <c>Database</c> switch.</summary>
/// <param name="SqlitePath">The store's SQLite file; relative paths resolve against the working directory.</param>
/// <param name="Schema">The store's PostgreSQL schema (lower case); also names its write lock.</param>
/// <param name="Description">What the database is, for messages (e.g. "coordination database").</param>
/// <param name="SettingKey">The setting that moves the SQLite file (e.g. <c>Coordination:DatabasePath</c>).</param>
public sealed record SqlStoreSettings(string SqlitePath, string Schema, string Description, string SettingKey)
{
    /// <summary>
    /// Keep closed SQLite connections open for reuse. Off by default (a pooled handle keeps the file open); a store on a
    /// hot path turns it on, since opening a SQLite connection costs more than most of its queries. Other processes still
    /// share the file safely: SQLite's locks are per file. (PostgreSQL connections are always pooled by Npgsql.)
    /// </summary>
    public bool SqlitePooling { get; init; }

    /// <summary>Run <c>PRAGMA synchronous = NORMAL</c> on every SQLite connection (safe in WAL mode against process crashes).</summary>
    public bool SqliteSynchronousNormal { get; init; }

    /// <summary>The DDL SQLite files were made with before the store had migrations (null: the store never had any).</summary>
    public LegacySqliteSchema? Legacy { get; init; }
}
