using Agent.Server.Hosting;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Options;
using Agent.Workflows.Runtime;

namespace Agent.Server.Serve;

/// <summary>
/// Work done once before the server accepts requests: apply migrations and import the workflows folder. The instances a
/// crash left running are continued afterwards, in the background, by <see cref="InterruptedInstanceRecovery"/>.
/// </summary>
public sealed partial class ServerStartup(
    IWorkflowDatabaseInitializer database, WorkflowDefinitionService definitions,
    IOptions<AgentOptions> agent, IOptions<ServerOptions> server, IHostEnvironment environment, ILogger<ServerStartup> logger)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        if (server.Value.ImportWorkflowsOnStart) await ImportAsync(cancellationToken);
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
}
