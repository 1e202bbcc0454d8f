using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.CycleStore;

/// <summary>Lets <c>dotnet ef</c> build the context to generate migrations; never used at run time.</summary>
/// <remarks>
/// Agent.Activities does not reference Microsoft.EntityFrameworkCore.Design: its Roslyn 5.0 pins clash with the Roslyn
/// version the docs measurer uses. To add a migration, add the Design package (with Microsoft.CodeAnalysis.CSharp.Workspaces
/// and Microsoft.CodeAnalysis.Workspaces.MSBuild overridden to the central Roslyn version) for the duration of
/// <c>dotnet ef migrations add NAME --project src/Agent.Activities --output-dir CycleStore/Migrations --namespace Agent.Activities.CycleStore.Migrations</c>, then remove it.
/// </remarks>
internal sealed class CycleDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CycleDbContext>
{
    public CycleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CycleDbContext>().UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), "agent-cycle-design.db")}").Options);
}
