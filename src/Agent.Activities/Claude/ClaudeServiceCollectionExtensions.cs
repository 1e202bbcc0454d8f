using Agent.Activities.Persistence;
using Agent.Activities.Safety.Redaction;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Claude;

/// <summary>Registers the Claude Code runner.</summary>
public static class ClaudeServiceCollectionExtensions
{
    /// <summary>Adds the runner with <see cref="ClaudeCliOptions"/> bound from <paramref name="section"/> (usually <c>Claude</c>), validated on start.</summary>
    public static IServiceCollection AddClaudeRunner(this IServiceCollection services, IConfiguration section) =>
        services.AddClaudeRunner(builder => builder.Bind(section));

    /// <summary>Adds the runner with options set by <paramref name="configure"/>, validated on start.</summary>
    public static IServiceCollection AddClaudeRunner(this IServiceCollection services, Action<ClaudeCliOptions> configure) =>
        services.AddClaudeRunner(builder => builder.Configure(configure));

    /// <summary>
    /// Adds <see cref="ClaudeBatchRunner"/>, <see cref="ClaudeJobs"/> (jobs persisted at <see cref="ClaudeJobsOptions.DatabasePath"/>)
    /// and its <see cref="ClaudeJobHeartbeat"/> on top of a runner registered with <c>AddClaudeRunner</c>.
    /// </summary>
    public static IServiceCollection AddClaudeJobs(this IServiceCollection services, Action<ClaudeJobsOptions> configure)
    {
        services.AddOptions<ClaudeJobsOptions>().Configure(configure);
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton<ClaudeBatchRunner>();
        services.TryAddSingleton<ClaudeJobs>();
        // Keeps this replica's jobs alive and ends dead replicas' ones (PostgreSQL); ends at once on SQLite.
        services.AddHostedService<ClaudeJobHeartbeat>();
        return services;
    }

    private static IServiceCollection AddClaudeRunner(this IServiceCollection services, Action<OptionsBuilder<ClaudeCliOptions>> configure)
    {
        var builder = services.AddOptions<ClaudeCliOptions>();
        configure(builder);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClaudeCliOptions>, ClaudeCliOptionsValidator>());
        services.TryAddSingleton<ClaudeConcurrencyLimiter>();
        services.TryAddSingleton<ClaudeRunRegistry>();
        services.TryAddSingleton<SecretRedactor>();
        services.TryAddSingleton<IClaudeRunLog>(sp => sp.GetRequiredService<IOptions<ClaudeCliOptions>>().Value.RunLogPath is { Length: > 0 } path
            ? new ClaudeRunLog(path, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value)
            : new NullClaudeRunLog());
        services.TryAddSingleton<ClaudeRunner>();
        services.AddStoreDatabaseOptions();
        return services;
    }
}

/// <summary>Checks <see cref="ClaudeCliOptions"/> when the host starts, naming the setting and the fix.</summary>
public sealed class ClaudeCliOptionsValidator : IValidateOptions<ClaudeCliOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClaudeCliOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConcurrentRuns < 1) errors.Add($"Claude:MaxConcurrentRuns is {options.MaxConcurrentRuns}; set it to 1 or more.");
        if (options.MaxAttempts < 1) errors.Add($"Claude:MaxAttempts is {options.MaxAttempts}; set it to 1 (no retry) or more.");
        if (options.RetryBaseDelay < TimeSpan.Zero) errors.Add($"Claude:RetryBaseDelay is {options.RetryBaseDelay}; it cannot be negative.");
        if (options.KillGracePeriod < TimeSpan.Zero || options.KillGracePeriod > TimeSpan.FromSeconds(5))
            errors.Add($"Claude:KillGracePeriod is {options.KillGracePeriod}; use 0 (kill at once) up to 00:00:05 — a stop must be quick.");
        if (options.DefaultTimeout <= TimeSpan.Zero) errors.Add($"Claude:DefaultTimeout is {options.DefaultTimeout}; it must be positive.");
        if (options.BaseUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _)) errors.Add($"Claude:BaseUrl '{url}' is not an absolute URL.");
        if (options.ExecutablePath is { Length: > 0 } exe && !File.Exists(exe)) errors.Add($"Claude:ExecutablePath '{exe}' does not exist. {ClaudeCliLocator.InstallHint}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
