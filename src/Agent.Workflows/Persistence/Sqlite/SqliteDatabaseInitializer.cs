using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>Checks the database file, creates its folder and applies EF Core migrations.</summary>
public sealed class SqliteDatabaseInitializer(IDbContextFactory<WorkflowDbContext> contexts, IOptions<PersistenceOptions> options)
    : IWorkflowDatabaseInitializer
{
    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var path = SqliteConnectionStrings.DatabaseFile(SqliteConnectionStrings.Build(options.Value));
        // Checked before SQLite opens the file: a wrong file must fail loudly, never become an empty database.
        SqliteDatabaseFile.EnsureValidOrAbsent(path);
        if (path is not null && Path.GetDirectoryName(path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteDatabaseFile.IsDamaged(ex))
        {
            throw SqliteDatabaseFile.NotADatabase(path, ex);
        }
    }
}
