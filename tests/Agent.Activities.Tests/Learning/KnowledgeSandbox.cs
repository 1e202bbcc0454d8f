using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Experiences;
using Agent.Activities.Learning.Graph;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Learning.Replay;
using System.Data.Common;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Learning;

/// <summary>A knowledge base in a fresh temp folder with every learning service wired as the host wires them.</summary>
internal sealed class KnowledgeSandbox : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <summary>A sandbox on a SQLite file (<paramref name="store"/> null) or on the PostgreSQL database <paramref name="store"/> names.</summary>
    public KnowledgeSandbox(Action<LearningOptions>? configure = null, DatabaseOptions? store = null)
    {
        Folder = TempFolder.Create("agent-learning-tests");
        DatabasePath = Path.Combine(Folder, "knowledge_base.db");
        Store = store ?? new DatabaseOptions();
        _services = new ServiceCollection().AddLearning(o =>
        {
            o.DatabasePath = DatabasePath;
            configure?.Invoke(o);
        }).Configure<DatabaseOptions>(o =>
        {
            o.Provider = Store.Provider;
            o.ConnectionString = Store.ConnectionString;
        }).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>A sandbox in a fresh database of <paramref name="server"/>.</summary>
    public static async Task<KnowledgeSandbox> OnPostgresAsync(PostgresServer server, Action<LearningOptions>? configure, CancellationToken cancellationToken) =>
        new(configure, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = await server.CreateDatabaseAsync("knowledge", cancellationToken) });

    /// <summary>Where the knowledge base lives.</summary>
    public DatabaseOptions Store { get; }

    /// <summary>The database argument of the writer host: the file, or <c>postgres:</c> and the connection string.</summary>
    public string WriterArgument => Store.Provider == DatabaseProvider.PostgreSql ? "postgres:" + Store.ConnectionString : DatabasePath;

    public string Folder { get; }

    public string DatabasePath { get; }

    public ILearningService Learning => Get<ILearningService>();

    public ErrorDatabase Errors => Get<ErrorDatabase>();

    public ExperienceStore Experiences => Get<ExperienceStore>();

    public PatternMiner Patterns => Get<PatternMiner>();

    public IApproachAdvisor Advisor => Get<IApproachAdvisor>();

    public KnowledgeGraph Graph => Get<KnowledgeGraph>();

    public ExperienceReplay Replay => Get<ExperienceReplay>();

    public MetricsStore Metrics => Get<MetricsStore>();

    public KpiCalculator Kpis => Get<KpiCalculator>();

    public KnowledgeDatabase Database => Get<KnowledgeDatabase>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A raw connection to the file or schema, for checks the services do not expose.</summary>
    public long Scalar(string sql)
    {
        using DbConnection connection = Store.Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Store.ConnectionString) { SearchPath = "knowledge", Pooling = false }.ConnectionString)
            : new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The repository every sandbox attempt is made in.</summary>
    public const string Repository = "/repo/sandbox";

    /// <summary>A merged commit's id, different each call, for attempts that end accepted.</summary>
    public static string NewCommit() => Guid.NewGuid().ToString("N") + "00000000";

    /// <summary>An attempt as the cycle records it: an accepted one is a merged change that closed its gap.</summary>
    public static AttemptRecord Attempt(string taskType, ExperienceOutcome outcome, string approach = "direct", DateTimeOffset? startedAt = null, string description = "do the task") => new()
    {
        Task = new LearningTask("keep the build green", taskType, description, Repository: Repository),
        Outcome = outcome,
        GapClosed = outcome == ExperienceOutcome.Accepted,
        MergedCommit = outcome == ExperienceOutcome.Accepted ? NewCommit() : null,
        Approach = new Approach { Name = approach, Tools = ["Bash"], Turns = 1 },
        StartedAt = startedAt,
        Duration = TimeSpan.FromSeconds(1),
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(Folder);
    }
}
