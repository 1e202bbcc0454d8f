using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.SelfModification;

/// <summary>Registers the git-based self-modification services.</summary>
public static class SelfModificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TaskWorktrees"/>, <see cref="WorktreeDiffReader"/>, <see cref="ChangeIntegrator"/> and the activities
    /// <see cref="CreateWorktree"/>, <see cref="MergeChange"/>, <see cref="DiscardChange"/> and <see cref="RevertChange"/>, with
    /// <see cref="SelfModificationOptions"/> bound from <paramref name="section"/>; a relative worktree root is resolved
    /// against <paramref name="contentRoot"/> (an empty one puts worktrees beside each target).
    /// </summary>
    public static IServiceCollection AddSelfModification(this IServiceCollection services, IConfiguration section, string contentRoot)
    {
        services.AddOptions<SelfModificationOptions>().Bind(section)
            .PostConfigure(o => o.WorktreeRoot = string.IsNullOrWhiteSpace(o.WorktreeRoot) ? "" : Path.GetFullPath(o.WorktreeRoot, contentRoot))
            .Validate(o => o.GitTimeout > TimeSpan.Zero, "SelfModification:GitTimeout must be positive, e.g. 00:02:00.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.BranchPrefix) && !o.BranchPrefix.Contains(' '), "SelfModification:BranchPrefix must be a branch prefix without spaces, e.g. 'agent/'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.AuthorName) && o.AuthorEmail.Contains('@'), "SelfModification:AuthorName must be set and SelfModification:AuthorEmail must be an e-mail address.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new GitCli(sp.GetRequiredService<IOptions<SelfModificationOptions>>().Value.GitTimeout));
        services.TryAddSingleton<GitRepository>();
        services.TryAddSingleton<Learning.Verification.ICommitHistory, GitCommitHistory>();
        services.TryAddSingleton<TaskWorktrees>();
        services.TryAddSingleton<WorktreeDiffReader>();
        services.TryAddSingleton<ChangeIntegrator>();
        services.TryAddSingleton<SampleTargets>();
        services.AddActivity<CreateWorktree>();
        services.AddActivity<MergeChange>();
        services.AddActivity<DiscardChange>();
        services.AddActivity<RevertChange>();
        return services;
    }
}
