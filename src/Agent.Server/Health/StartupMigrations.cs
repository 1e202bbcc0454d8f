namespace Agent.Server.Health;

/// <summary>
/// Applies the migrations of the databases that otherwise migrate on first use (cycle, knowledge, capabilities) when the
/// server starts, so a ready replica has every schema current. A failure is logged, not thrown: the server keeps serving
/// what it can and the readiness probe names the database until the cause is fixed.
/// </summary>
public sealed partial class StartupMigrations(MigratedDatabases databases, ILogger<StartupMigrations> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var database in databases.All)
        {
            if (database.MigrateOnStartAsync is null) continue;
            try
            {
                await database.MigrateOnStartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMigrationFailed(database.Name, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not migrate the {Database} database on start; /health/ready answers 503 until this is fixed: {Reason}")]
    private partial void LogMigrationFailed(string database, string reason);
}
