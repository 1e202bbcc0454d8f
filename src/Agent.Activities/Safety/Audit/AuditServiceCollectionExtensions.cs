using Agent.Workflows.Persistence;
using Agent.Activities.Persistence;
using Agent.Activities.Research.Http;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Redaction;
using Agent.Activities.Safety.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Audit;

/// <summary>Registers the audit log, secret redaction, the webhook outbox and the <see cref="ISafetyEventSink"/> that feeds them.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AuditSafetyEventSink"/> as the <see cref="ISafetyEventSink"/>, with <see cref="AuditOptions"/> from
    /// <c>Safety:Audit</c> (a relative database path resolves against <paramref name="contentRoot"/>) and
    /// <see cref="WebhookOptions"/> from <c>Safety:Webhooks</c>, both validated on start. Sending is done by
    /// <see cref="AddWebhookDispatcher"/>, which only the server adds.
    /// </summary>
    public static IServiceCollection AddSafetyAudit(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.BindValidated<AuditOptions>(configuration.GetSection(AuditOptions.SectionName))
            .PostConfigure(o => { if (!string.IsNullOrWhiteSpace(o.DatabasePath)) o.DatabasePath = Path.GetFullPath(o.DatabasePath, contentRoot); });
        services.BindValidated<WebhookOptions>(configuration.GetSection(WebhookOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretRedactor>();
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new AuditDatabase(sp.GetRequiredService<IOptions<AuditOptions>>().Value.DatabasePath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<AuditVerifier>();
        services.TryAddSingleton<WebhookOutbox>();
        services.TryAddSingleton<WebhookPayloads>();
        services.TryAddSingleton<WebhookWakeUp>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<AuditSafetyEventSink>();
        services.TryAddSingleton<ISafetyEventSink>(sp => sp.GetRequiredService<AuditSafetyEventSink>());
        services.TryAddSingleton(sp => new ConfigChangeRecorder(sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<ISafetyEventSink>(), configuration,
            Path.GetFullPath(contentRoot), sp.GetRequiredService<TimeProvider>()));
        // The outbox retries across attempts and restarts with its own schedule, so the client itself does not retry:
        // a retry inside one attempt would only hide failures from the outbox's count.
        services.AddOutboundHttpClient(WebhookDispatcher.ClientName, limits: sp =>
        {
            var timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout;
            return new OutboundHttpOptions { AttemptTimeout = timeout, TotalTimeout = timeout, MaxRetries = 0 };
        });
        return services;
    }

    /// <summary>Adds the background <see cref="WebhookDispatcherService"/> (the server's; CLI processes leave their queued rows to it).</summary>
    public static IServiceCollection AddWebhookDispatcher(this IServiceCollection services)
    {
        services.AddHostedService<WebhookDispatcherService>();
        return services;
    }
}
