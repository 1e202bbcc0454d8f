using Agent.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Claude;

/// <summary>Registers the workflow activities that drive Claude Code.</summary>
public static class ClaudeActivitiesServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ClaudeExecute"/>. The runner itself comes from <c>AddClaudeRunner</c>, kept separate so its
    /// options are bound once by the host, whether or not workflows use it.
    /// </summary>
    public static IServiceCollection AddClaudeActivities(this IServiceCollection services)
    {
        services.AddActivity<ClaudeExecute>();
        services.AddSingleton<ClaudeJobBookmarks>();
        return services;
    }
}
