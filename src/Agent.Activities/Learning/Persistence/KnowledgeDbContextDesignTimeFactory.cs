using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Learning.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context to generate and check migrations; never used at run time.</summary>
/// <remarks>Add a migration with <c>scripts/dev/add-migration.sh KnowledgeDbContext NAME</c> (it references the Design package for that one call).</remarks>
internal sealed class KnowledgeDbContextDesignTimeFactory : IDesignTimeDbContextFactory<KnowledgeDbContext>
{
    public KnowledgeDbContext CreateDbContext(string[] args) =>
        new(KnowledgeDatabase.Configure(new DbContextOptionsBuilder<KnowledgeDbContext>(),
            StoreLocation.For(new DatabaseOptions(), Path.Combine(Path.GetTempPath(), "agent-knowledge-design.db"), "knowledge"), 5000).Options);
}
