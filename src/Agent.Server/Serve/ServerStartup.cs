using Agent.Server.Hosting;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Options;
using Agent.Workflows.Runtime;

namespace Agent.Server.Serve;

/// <summary>
/// Work done once before the server accepts requests: apply migrations, import the workflows folder, and resume pending agent spawns. The instances a
/// crash left running are continued afterwards, in the background, by <see cref="InterruptedInstanceRecovery"/>.
/// </summary>
public sealed partial class ServerStartup(
    IWorkflowDatabaseInitializer database, WorkflowDefinitionService definitions, Agent.Activities.Coordination.Spawning.AgentSpawner spawner,
    IOptions<AgentOptions> agent, IOptions<ServerOptions> server, IHostEnvironment environment, ILogger<ServerStartup> logger)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        if (server.Value.ImportWorkflowsOnStart) await ImportAsync(cancellationToken);
        // Spawns a crash interrupted between taking a slot and storing the worker instance, and queued spawns that fit now.
        try { await spawner.ResumeAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { LogSpawnResumeFailed(e.Message); }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ImportAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(agent.Value.WorkflowsDirectory, environment.ContentRootPath);
        var report = await definitions.ImportDirectoryAsync(directory, cancellationToken);
        foreach (var imported in report.Imported) LogImported(imported.DefinitionId, imported.Version, imported.Source);
        foreach (var failed in report.Failed) LogImportFailed(failed.Source, failed.Reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {DefinitionId} v{Version} from {Source}")]
    private partial void LogImported(string? definitionId, int? version, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not import {Source}: {Reason}")]
    private partial void LogImportFailed(string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resume pending agent spawns: {Reason}")]
    private partial void LogSpawnResumeFailed(string reason);
}
