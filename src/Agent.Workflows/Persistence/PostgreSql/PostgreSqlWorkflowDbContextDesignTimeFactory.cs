using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef migrations add X --context PostgreSqlWorkflowDbContext</c> build the context; never used at run time.
/// Adding a migration needs no server, so the connection string only has to be well-formed.
/// </summary>
internal sealed class PostgreSqlWorkflowDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlWorkflowDbContext>
{
    public PostgreSqlWorkflowDbContext CreateDbContext(string[] args) =>
        new(PostgreSqlContextOptions.Build("Host=127.0.0.1;Database=agent_design_time;Username=postgres"));
}
