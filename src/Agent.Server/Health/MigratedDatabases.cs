using Agent.Activities.Safety.Audit;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.CycleStore;
using Agent.Activities.Discovery.Persistence;
using Agent.Activities.Learning.Persistence;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Server.Health;

/// <summary>One database owned by an EF Core context: how to ask for its pending migrations and how to apply them.</summary>
/// <param name="Name">What the database is, as named in the readiness answer (e.g. <c>cycle</c>).</param>
/// <param name="PendingAsync">The migrations not applied yet; never applies any.</param>
/// <param name="MigrateOnStartAsync">
/// Applies the migrations at server start; null when something else already does (the workflow database is migrated by
/// <see cref="Serve.ServerStartup"/>).
/// </param>
public sealed record MigratedDatabase(
    string Name,
    Func<CancellationToken, Task<IReadOnlyList<string>>> PendingAsync,
    Func<CancellationToken, Task>? MigrateOnStartAsync);

/// <summary>
/// Every migrated database the server uses: workflows, cycle, knowledge, capabilities, coordination and audit. A database whose services are
/// not registered in this host is left out, so the list follows the host's wiring.
/// </summary>
public sealed class MigratedDatabases(
    IOptions<PersistenceOptions> persistence,
    IDbContextFactory<WorkflowDbContext> workflows,
    CycleDatabase? cycle = null,
    KnowledgeDatabase? knowledge = null,
    CapabilityDatabase? capabilities = null,
    CoordinationDatabase? coordination = null,
    AuditDatabase? audit = null)
{
    /// <summary>The databases, in the order the readiness answer lists them.</summary>
    public IReadOnlyList<MigratedDatabase> All { get; } = Build(persistence.Value, workflows, cycle, knowledge, capabilities, coordination, audit);

    private static List<MigratedDatabase> Build(
        PersistenceOptions persistence, IDbContextFactory<WorkflowDbContext> workflows, CycleDatabase? cycle, KnowledgeDatabase? knowledge, CapabilityDatabase? capabilities,
        CoordinationDatabase? coordination, AuditDatabase? audit)
    {
        var all = new List<MigratedDatabase>();
        // The in-memory store has no schema; asking EF for its migrations would fail on a non-relational provider.
        if (!string.Equals(persistence.Provider, PersistenceProviders.InMemory, StringComparison.OrdinalIgnoreCase))
            all.Add(new MigratedDatabase("workflows", ct => WorkflowPendingAsync(workflows, ct), null));
        if (cycle is not null)
            all.Add(new MigratedDatabase("cycle", cycle.GetPendingMigrationsAsync, async ct => await (await cycle.OpenAsync(ct)).DisposeAsync()));
        if (knowledge is not null)
            all.Add(new MigratedDatabase("knowledge", knowledge.GetPendingMigrationsAsync, knowledge.InitializeAsync));
        if (capabilities is not null)
            all.Add(new MigratedDatabase("capabilities", capabilities.GetPendingMigrationsAsync, async ct => await (await capabilities.OpenAsync(ct)).DisposeAsync()));
        if (coordination is not null)
            all.Add(new MigratedDatabase("coordination", coordination.GetPendingMigrationsAsync, async ct => await (await coordination.OpenAsync(ct)).DisposeAsync()));
        // The audit log is written on every safety event; the other raw stores are built inside their services and
        // migrate on first use (under the same per-store lock).
        if (audit is not null)
            all.Add(new MigratedDatabase("audit", audit.GetPendingMigrationsAsync, async ct => await (await audit.OpenAsync(ct)).DisposeAsync()));
        return all;
    }

    private static async Task<IReadOnlyList<string>> WorkflowPendingAsync(IDbContextFactory<WorkflowDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }
}
