using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Learning.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context to generate and check migrations; never used at run time.</summary>
internal sealed class KnowledgeDbContextDesignTimeFactory : IDesignTimeDbContextFactory<KnowledgeDbContext>
{
    public KnowledgeDbContext CreateDbContext(string[] args) =>
        new(KnowledgeDatabase.Configure(new DbContextOptionsBuilder<KnowledgeDbContext>(), Path.Combine(Path.GetTempPath(), "agent-knowledge-design.db"), 5000).Options);
}
