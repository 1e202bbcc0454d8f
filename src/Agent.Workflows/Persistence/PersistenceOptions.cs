namespace Agent.Workflows.Persistence;

/// <summary>Where and how workflow data is stored. Bound from configuration or set in <c>AddWorkflowPersistence</c>.</summary>
public sealed class PersistenceOptions
{
    /// <summary>The storage provider; one of <see cref="PersistenceProviders"/>. Defaults to SQLite.</summary>
    public string Provider { get; set; } = PersistenceProviders.Sqlite;

    /// <summary>
    /// A full provider connection string. When set it wins over <see cref="DatabasePath"/>; the SQLite settings
    /// this engine needs (WAL, synchronous, busy timeout, foreign keys) are applied to every connection regardless.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Path of the SQLite database file, used when <see cref="ConnectionString"/> is not set.</summary>
    public string DatabasePath { get; set; } = Path.Combine(".data", "workflows.db");

    /// <summary>How long a connection waits for another writer's lock before failing, in milliseconds.</summary>
    public int BusyTimeoutMs { get; set; } = 5000;
}

/// <summary>Names of the supported storage providers.</summary>
public static class PersistenceProviders
{
    /// <summary>A SQLite file through EF Core; the default.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>Process memory; nothing survives a restart. For tests and benchmarks.</summary>
    public const string InMemory = "InMemory";
}
