using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Webhooks;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Safety.Audit;

/// <summary>The audit services as the host registers them (<c>AddSafetyAudit</c>), over a test folder and optional settings.</summary>
internal sealed class AuditServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public AuditServices(string folder, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, DatabaseOptions? database = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Safety:Audit:DatabasePath"] = "audit.db" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection().AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        services.AddSafetyAudit(configuration, folder);
        if (database is not null)
            services.Configure<DatabaseOptions>(o => (o.Provider, o.ConnectionString) = (database.Provider, database.ConnectionString));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        DatabasePath = Path.Combine(folder, "audit.db");
    }

    public string DatabasePath { get; }

    public ISafetyEventSink Sink => Get<ISafetyEventSink>();

    public AuditLog Log => Get<AuditLog>();

    public AuditVerifier Verifier => Get<AuditVerifier>();

    public WebhookDispatcher Dispatcher => Get<WebhookDispatcher>();

    public WebhookOutbox Outbox => Get<WebhookOutbox>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Publishes <paramref name="count"/> events of <paramref name="kind"/>, numbered in their summaries.</summary>
    public async Task PublishAsync(int count, CancellationToken cancellationToken, string kind = SafetyEventKinds.ChangeMerged)
    {
        for (var i = 1; i <= count; i++)
            await Sink.PublishAsync(SafetyEvent.Create(kind, "agent", $"event {i}", new Dictionary<string, string> { ["cycle"] = $"c{i}", ["target"] = "repo" }), cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> on the database directly, the way someone with access would: the triggers dropped first.</summary>
    public async Task TamperAsync(string sql)
    {
        var database = Get<AuditDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = (database.Location.IsPostgreSql
            ? "DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log; DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log;\n"
            : "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;\n") + sql;
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
