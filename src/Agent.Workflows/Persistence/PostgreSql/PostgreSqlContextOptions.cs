using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>The EF Core options of <see cref="PostgreSqlWorkflowDbContext"/>, in one place for run time and design time.</summary>
public static class PostgreSqlContextOptions
{
    /// <summary>Options for a context on the database of <paramref name="connectionString"/>.</summary>
    public static DbContextOptions<PostgreSqlWorkflowDbContext> Build(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>();
        builder.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsAssembly(typeof(WorkflowDbContext).Assembly.GetName().Name)
            // The history table sits with the tables it describes, so every store's schema is self-contained and
            // the other stores' migrations (in their own schemas) never share a history table with ours.
            .MigrationsHistoryTable(HistoryRepository.DefaultTableName, PostgreSqlWorkflowDbContext.Schema));
        // Stores map rows to runtime objects and write explicitly; tracking would only cost time.
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        return builder.Options;
    }
}
