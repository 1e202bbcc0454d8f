using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Discovery.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations (<c>scripts/dev/add-migration.sh CapabilityDbContext NAME</c>); never used at run time.</summary>
internal sealed class CapabilityDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CapabilityDbContext>
{
    public CapabilityDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<CapabilityDbContext>("capabilities"));
}
