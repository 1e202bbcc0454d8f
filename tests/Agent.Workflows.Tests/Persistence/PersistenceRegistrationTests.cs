using Agent.Workflows.Validation;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.Sqlite;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Tests.Persistence;

[TestClass]
public sealed class PersistenceRegistrationTests
{
    [TestMethod]
    public void The_sqlite_provider_is_the_default()
    {
        using var sp = new ServiceCollection().AddWorkflowPersistence().BuildServiceProvider();
        Assert.IsInstanceOfType<SqliteWorkflowInstanceStore>(sp.GetRequiredService<IWorkflowInstanceStore>());
        Assert.IsInstanceOfType<EfWorkflowDefinitionStore>(sp.GetRequiredService<IWorkflowDefinitionStore>());
        // The provider's initializer runs first, then the stored workflows usable as activities are loaded.
        var initializer = sp.GetRequiredService<IWorkflowDatabaseInitializer>();
        Assert.IsInstanceOfType<Agent.Workflows.Activities.Workflows.CatalogLoadingInitializer>(initializer);
        Assert.IsInstanceOfType<SqliteDatabaseInitializer>(((Agent.Workflows.Activities.Workflows.CatalogLoadingInitializer)initializer).Database);
        Assert.AreEqual(5000, new PersistenceOptions().BusyTimeoutMs);
    }

    [TestMethod]
    public void The_in_memory_provider_registers_the_in_memory_stores_as_singletons()
    {
        using var sp = new ServiceCollection().AddWorkflowPersistence(o => o.Provider = "inmemory").BuildServiceProvider();
        var store = sp.GetRequiredService<IWorkflowInstanceStore>();
        Assert.IsInstanceOfType<InMemoryWorkflowInstanceStore>(store);
        Assert.AreSame(store, sp.GetRequiredService<IWorkflowInstanceStore>());
        Assert.IsInstanceOfType<InMemoryWorkflowDefinitionStore>(sp.GetRequiredService<IWorkflowDefinitionStore>());
        // The provider's initializer runs first, then the stored workflows usable as activities are loaded.
        var initializer = sp.GetRequiredService<IWorkflowDatabaseInitializer>();
        Assert.IsInstanceOfType<Agent.Workflows.Activities.Workflows.CatalogLoadingInitializer>(initializer);
        Assert.IsInstanceOfType<InMemoryDatabaseInitializer>(((Agent.Workflows.Activities.Workflows.CatalogLoadingInitializer)initializer).Database);
    }

    [TestMethod]
    public void An_unknown_provider_fails_with_the_supported_names()
    {
        using var sp = new ServiceCollection().AddWorkflowPersistence(o => o.Provider = "Oracle").BuildServiceProvider();
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => sp.GetRequiredService<IWorkflowInstanceStore>());
        StringAssert.Contains(ex.Message, "Oracle");
        StringAssert.Contains(ex.Message, "Sqlite");
    }

    [TestMethod]
    public async Task Registered_validators_are_used_by_the_definition_service()
    {
        await using var sp = new ServiceCollection()
            .AddSingleton<IWorkflowDefinitionValidator>(new RejectAll())
            .AddWorkflowPersistence(o => o.Provider = PersistenceProviders.InMemory)
            .BuildServiceProvider();
        var service = sp.GetRequiredService<WorkflowDefinitionService>();
        await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => service.SaveDraftAsync(new Agent.Workflows.Model.WorkflowDefinition()));
    }

    private sealed class RejectAll : IWorkflowDefinitionValidator
    {
        public IReadOnlyList<DefinitionValidationError> Validate(Agent.Workflows.Model.WorkflowDefinition definition) => [new("$", "no")];
    }
}
