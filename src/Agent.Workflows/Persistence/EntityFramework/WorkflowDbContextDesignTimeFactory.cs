using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>Lets <c>dotnet ef</c> build the context to generate and check migrations; never used at run time.</summary>
internal sealed class WorkflowDbContextDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowDbContext>
{
    public WorkflowDbContext CreateDbContext(string[] args)
    {
        var options = new PersistenceOptions { DatabasePath = Path.Combine(Path.GetTempPath(), "agent-workflows-design.db") };
        var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
        WorkflowDbContextConfigurator.Configure(builder, options);
        return new WorkflowDbContext(builder.Options);
    }
}
