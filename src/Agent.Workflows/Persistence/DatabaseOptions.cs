namespace Agent.Workflows.Persistence;

/// <summary>
/// The one switch that says where every store of the agent keeps its data (section <c>Database</c>). With
/// <see cref="DatabaseProvider.Sqlite"/>, the default, each store keeps its own file as configured in its own section,
/// so a single-machine user changes nothing. With <see cref="DatabaseProvider.PostgreSql"/> every store lives in the
/// one database of <see cref="ConnectionString"/>, each in its own schema, so any number of replicas can share it.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Database";

    /// <summary>Which database server holds the stores.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The PostgreSQL connection string (Npgsql format); required with <see cref="DatabaseProvider.PostgreSql"/>.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>The database servers the stores support.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite files on local disk; one machine.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database shared by every replica.</summary>
    PostgreSql,
}
