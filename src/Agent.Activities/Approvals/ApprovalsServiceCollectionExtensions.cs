using Microsoft.Extensions.Options;
using Agent.Workflows.Persistence;
using Agent.Activities.Persistence;
using Agent.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;

namespace Agent.Activities.Approvals;

/// <summary>Registers the <see cref="HumanApproval"/> activity, the audit store and <see cref="ApprovalService"/>.</summary>
public static class ApprovalsServiceCollectionExtensions
{
    /// <summary>Adds approvals with their audit kept in the SQLite file <paramref name="databasePath"/>.</summary>
    public static IServiceCollection AddApprovals(this IServiceCollection services, string databasePath)
    {
        services.AddActivity<HumanApproval>();
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new ApprovalAuditStore(databasePath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApprovalService>();
        services.TryAddSingleton<DecidedApprovalResumer>();
        return services;
    }

    /// <summary>
    /// Adds <see cref="DecidedApprovalSweep"/> (what <c>agent serve</c> runs): approvals decided by a process that died
    /// before resuming them are resumed here, with <see cref="ApprovalsOptions"/> from section <c>Approvals</c>.
    /// </summary>
    public static IServiceCollection AddDecidedApprovalSweep(this IServiceCollection services, IConfiguration configuration)
    {
        services.BindValidated<ApprovalsOptions>(configuration.GetSection(ApprovalsOptions.SectionName));
        services.AddHostedService<DecidedApprovalSweep>();
        return services;
    }
}
