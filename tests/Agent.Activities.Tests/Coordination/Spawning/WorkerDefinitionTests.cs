using Agent.Activities.Claude;
using Agent.Activities.Coordination;
using Agent.Activities.SelfModification;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>workflows/agent-worker.json against the real activity registry: it validates, imports, and names the inputs the spawner passes.</summary>
[TestClass]
public sealed class WorkerDefinitionTests
{
    private static string WorkerFile => Path.Combine(AgentRepository.Root, "workflows", "agent-worker.json");

    [TestMethod]
    public async Task The_worker_definition_validates_and_imports_with_every_activity_it_uses_registered()
    {
        var folder = TempFolder.Create("agent-worker-def");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Coordination:DatabasePath"] = "coordination.db" }).Build();
            var services = new ServiceCollection();
            services.AddWorkflowEngine();
            services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
            services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), folder);
            services.AddClaudeRunner(o => o.ApiKey = "unused");
            services.AddClaudeActivities();
            services.AddClaudeJobs(o => o.DatabasePath = Path.Combine(folder, "jobs.db"));
            services.AddSelfModification(configuration.GetSection("SelfModification"), folder);
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<Agent.Workflows.Persistence.IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
            var definitions = provider.GetRequiredService<WorkflowDefinitionService>();

            var imported = await definitions.ImportAsync(await File.ReadAllTextAsync(WorkerFile));

            Assert.AreEqual(DefinitionImportOutcome.Imported, imported.Outcome, imported.ToString());
            var stored = await definitions.GetAsync("agent-worker", Agent.Workflows.Persistence.VersionOptions.Published);
            var json = await File.ReadAllTextAsync(WorkerFile);
            foreach (var input in new[] { "AgentId", "Role", "ParentId", "CorrelationId", "PermissionMode", "MaxUsd", "MaxTokens" })
                StringAssert.Contains(json, $"\"name\": \"{input}\"", $"the worker declares the input {input} the spawner passes");
            foreach (var type in new[] { "Agent.LeaseTask", "Agent.CreateWorktree", "Agent.ClaudeExecute", "Agent.CompleteTask", "Agent.SendMessage", "Agent.ReleaseAgent", "Agent.CoordinationMcpServer" })
                StringAssert.Contains(json, $"\"type\": \"{type}\"");
            Assert.AreEqual("agent-worker", stored.DefinitionId);
        }
        finally { TempFolder.Delete(folder); }
    }
}
