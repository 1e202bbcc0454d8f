using Agent.Activities.Cycle;
using Agent.Activities.Guards;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.Claude;
using Microsoft.Extensions.Configuration;

namespace Agent.Activities.Tests.Cycle;

/// <summary>
/// The Claude workflow harness (real engine, real CLI against a scripted model server, fresh HOME) plus the cycle's
/// activities, self-modification through git, its SQLite store and the guards in the harness's temp folder.
/// </summary>
internal static class CycleWorkflowHarness
{
    public static Task<ClaudeWorkflowHarness> StartAsync(string scriptJson, CancellationToken cancellationToken) =>
        ClaudeWorkflowHarness.StartAsync(scriptJson, cancellationToken,
            o => o.DefaultTimeout = TimeSpan.FromSeconds(90),
            (services, root) =>
            {
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Cycle:DatabasePath"] = Path.Combine(root, "cycle.db"),
                    ["Assessment:CheckDependencies"] = "false",
                    ["Guards:MaxAttemptsPerGap"] = "100",
                    ["SelfModification:WorktreeRoot"] = Path.Combine(root, "worktrees"),
                }).Build();
                services.AddImprovementCycle(configuration, AgentRepository.Root);
                services.AddSelfModification(configuration.GetSection(SelfModificationOptions.SectionName), root);
                services.AddGuards(configuration.GetSection(GuardOptions.SectionName), Path.Combine(root, "agent.db"), root);
            });
}
