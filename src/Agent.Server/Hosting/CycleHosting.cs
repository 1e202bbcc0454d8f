using Agent.Activities.Approvals;
using Agent.Activities.Cluster;
using Agent.Activities.Cycle;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Limits;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.Schedule;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;

namespace Agent.Server.Hosting;

/// <summary>
/// Wires the improvement cycle's safety services into the shared host: self-modification through git, the validation
/// gates, approvals, the schedule and the guards. Kept apart from <see cref="AgentHost"/> so that file stays small.
/// </summary>
public static class CycleHosting
{
    /// <summary>The key of the approvals' database file; unset = the engine's database file.</summary>
    public const string ApprovalsDatabaseKey = "Approvals:DatabasePath";

    /// <summary>Adds what only <c>agent serve</c> runs: stale worktree cleanup on start, the Quartz scheduler and its sync with the published definitions.</summary>
    public static void AddServer(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<Serve.StaleWorktreeCleanup>();
        services.AddWebhookDispatcher();
        var section = configuration.GetSection(ScheduleOptions.SectionName);
        if (!(section.Get<ScheduleOptions>() ?? new ScheduleOptions()).Enabled) return;
        services.AddWorkflowScheduler(section, configuration);
        services.AddHostedService<Serve.ScheduleSyncService>();
    }

    /// <summary>The key of the decision records' database file; unset = the engine's database file.</summary>
    public const string DecisionsDatabaseKey = "Safety:Decisions:DatabasePath";

    /// <summary>Registers the services; relative paths resolve against <paramref name="contentRoot"/>.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSelfModification(configuration.GetSection(SelfModificationOptions.SectionName), contentRoot);
        services.AddValidationGates(configuration.GetSection(ValidationOptions.SectionName));
        // Approvals live next to the instances they belong to, in the engine's file, unless configured otherwise.
        var database = Path.GetFullPath(configuration[AgentConfiguration.DatabasePathKey] ?? AgentConfiguration.Defaults[AgentConfiguration.DatabasePathKey]!, contentRoot);
        var approvals = configuration[ApprovalsDatabaseKey] is { Length: > 0 } path ? Path.GetFullPath(path, contentRoot) : database;
        services.AddApprovals(approvals);
        services.AddWorkflowSchedule(configuration.GetSection(ScheduleOptions.SectionName), database);
        // Named locks shared by every process (PostgreSQL advisory locks, or lock files beside the database): per instance, per target, schedule sync.
        services.AddAgentCluster(configuration, contentRoot, database);
        services.AddGuards(configuration.GetSection(GuardOptions.SectionName), database, contentRoot);
        // Every child process (Claude, builds, tests, git) runs under Safety:Limits; every Claude run is charged to the
        // day/month budgets kept beside the guards' counters.
        services.AddResourceLimits(configuration);
        services.AddSafetyBudgets(configuration, database);
        services.AddHostedService<EmergencyStopWatcher>();
        services.AddCycleLearning();
        // Every safety event (approvals, merges, reverts, stops, budgets, integrations, config changes) is audited here.
        services.AddSafetyAudit(configuration, contentRoot);
        // Validate's security gate and its merge decision (which publishes through the audit's ISafetyEventSink).
        services.AddSecurityScanning(configuration.GetSection(ScanningOptions.SectionName));
        var decisions = configuration[DecisionsDatabaseKey] is { Length: > 0 } own ? Path.GetFullPath(own, contentRoot) : database;
        services.AddSafetyDecisions(configuration.GetSection(DecisionsOptions.SectionName), decisions);
    }
}
