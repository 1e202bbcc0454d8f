using Agent.Workflows.Persistence;
using Agent.Activities.Persistence;
using Agent.Activities.Goals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>Registers the decision framework: the principle checkers, the decision records and the merge decision Validate makes.</summary>
public static class DecisionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DecisionMaker"/>, <see cref="MergeDecisions"/>, <see cref="DecisionStore"/> (in
    /// <paramref name="databasePath"/> unless <c>Safety:Decisions:DatabasePath</c> is set) and every
    /// <see cref="IPrincipleChecker"/>, with <see cref="DecisionsOptions"/> from <paramref name="section"/>. Needs an
    /// <see cref="Events.ISafetyEventSink"/> (the audit's <c>AddSafetyAudit</c>) and the security scanning
    /// (<c>AddSecurityScanning</c>) for the secret checks.
    /// </summary>
    public static IServiceCollection AddSafetyDecisions(this IServiceCollection services, IConfigurationSection section, string databasePath)
    {
        services.BindValidated<DecisionsOptions>(section)
            .PostConfigure(o => o.DatabasePath = databasePath)
            .Validate(o => Try(() => HourWindows.Parse(o.AllowedHours, AllowedHoursChecker.Setting)) is null, $"{section.Path}:AllowedHours must be ranges like '00:00-24:00' or '08:00-18:00,22:00-06:00'.")
            .Validate(o => Try(() => TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone)) is null, $"{section.Path}:TimeZone must be a time zone id such as 'UTC' or 'Europe/Berlin'.")
            .Validate(o => o.GoalRegression != DecisionOutcome.Allow, $"{section.Path}:GoalRegression must be Escalate or Deny.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GoalsFileReader>();
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new DecisionStore(sp.GetRequiredService<IOptions<DecisionsOptions>>().Value.DatabasePath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, NoWeakenedChecksChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, NoExfiltrationChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, LicenceChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, WorktreeOnlyChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, AllowedHoursChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, WithinGoalsChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPrincipleChecker, SpendChecker>());
        services.TryAddSingleton<DecisionMaker>();
        services.TryAddSingleton<MergeDecisions>();
        services.TryAddSingleton<GoalStaleness>();
        return services;
    }

    private static Exception? Try(Action action)
    {
        try { action(); return null; }
        catch (Exception e) when (e is FormatException or TimeZoneNotFoundException or InvalidTimeZoneException) { return e; }
    }
}
