using Agent.Activities.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.CycleStore;

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
/// <remarks>
/// Agent.Activities does not reference Microsoft.EntityFrameworkCore.Design: its Roslyn 5.0 pins clash with the Roslyn
/// version the docs measurer uses. <c>scripts/dev/add-migration.sh CycleDbContext NAME</c> adds it for one
/// <c>dotnet ef migrations add</c> and removes it again.
/// </remarks>
internal sealed class CycleDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CycleDbContext>
{
    public CycleDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<CycleDbContext>("cycle"));
}
