using System.Net;
using System.Net.Sockets;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.PostgreSql;
using Agent.Workflows.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Tests.Persistence.Postgres;

/// <summary>The provider switch and its checks; none of these needs a running server.</summary>
[TestClass]
public sealed class PostgreSqlOptionsTests
{
    public TestContext TestContext { get; set; } = null!;

    private static ServiceProvider Services(Action<DatabaseOptions> database, Action<PersistenceOptions>? persistence = null) =>
        new ServiceCollection().AddWorkflowPersistence(persistence, database).BuildServiceProvider();

    [TestMethod]
    public void Database_provider_PostgreSql_selects_the_postgresql_stores_and_initializer_even_over_a_persistence_provider()
    {
        using var sp = Services(d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=x;Username=u"),
            p => p.Provider = PersistenceProviders.Sqlite);
        Assert.IsInstanceOfType<PostgreSqlWorkflowInstanceStore>(sp.GetRequiredService<IWorkflowInstanceStore>());
        Assert.IsInstanceOfType<EfWorkflowDefinitionStore>(sp.GetRequiredService<IWorkflowDefinitionStore>());
        var initializer = (Agent.Workflows.Activities.Workflows.CatalogLoadingInitializer)sp.GetRequiredService<IWorkflowDatabaseInitializer>();
        Assert.IsInstanceOfType<PostgreSqlDatabaseInitializer>(initializer.Database);
        using var context = sp.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContext();
        Assert.IsInstanceOfType<PostgreSqlWorkflowDbContext>(context);
    }

    [TestMethod]
    public void Database_provider_Sqlite_keeps_the_persistence_section_in_charge()
    {
        using var sp = Services(d => d.Provider = DatabaseProvider.Sqlite, p => p.DatabasePath = Path.Combine(Path.GetTempPath(), "never-opened.db"));
        Assert.IsInstanceOfType<SqliteWorkflowInstanceStore>(sp.GetRequiredService<IWorkflowInstanceStore>());
        using var context = sp.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContext();
        Assert.AreEqual(typeof(WorkflowDbContext), context.GetType());
    }

    [TestMethod]
    public void PostgreSql_without_a_connection_string_fails_naming_the_key_to_set()
    {
        using var sp = Services(d => d.Provider = DatabaseProvider.PostgreSql);
        var ex = Assert.ThrowsExactly<OptionsValidationException>(() => sp.GetRequiredService<IWorkflowInstanceStore>());
        StringAssert.Contains(ex.Message, "Database:ConnectionString");
        StringAssert.Contains(ex.Message, "Host=");
    }

    [TestMethod]
    public void A_malformed_connection_string_fails_naming_the_key()
    {
        using var sp = Services(d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, "this is not a connection string"));
        var ex = Assert.ThrowsExactly<OptionsValidationException>(() => sp.GetRequiredService<IWorkflowInstanceStore>());
        StringAssert.Contains(ex.Message, "Database:ConnectionString is not a valid Npgsql connection string");
    }

    [TestMethod]
    public async Task An_unreachable_server_fails_at_start_naming_the_key_the_host_and_port_and_what_to_do()
    {
        var port = ClosedPort();
        using var sp = Services(d => (d.Provider, d.ConnectionString) =
            (DatabaseProvider.PostgreSql, $"Host=127.0.0.1;Port={port};Database=agent;Username=agent;Password=secret-pw;Timeout=3"));
        var ex = await Assert.ThrowsExactlyAsync<WorkflowStoreException>(() =>
            sp.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(TestContext.CancellationToken));
        StringAssert.Contains(ex.Message, "Database:ConnectionString");
        StringAssert.Contains(ex.Message, $"port {port}");
        StringAssert.Contains(ex.Message, "Check that the server runs");
        Assert.DoesNotContain("secret-pw", ex.Message, "the password is never echoed");
    }

    [TestMethod]
    public void The_migrations_of_both_providers_are_up_to_date_with_the_model()
    {
        using (var sqlite = Services(d => d.Provider = DatabaseProvider.Sqlite, p => p.DatabasePath = Path.Combine(Path.GetTempPath(), "never-opened.db")))
        using (var context = sqlite.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContext())
        {
            Assert.IsFalse(context.Database.HasPendingModelChanges(),
                "SQLite: the model has changes no migration covers; run dotnet ef migrations add <Name> --project src/Agent.Workflows --context WorkflowDbContext");
            Assert.IsTrue(context.Database.GetMigrations().Any(m => m.EndsWith("_InitialSchema", StringComparison.Ordinal)));
        }
        using var postgres = new PostgreSqlWorkflowDbContext(PostgreSqlContextOptions.Build("Host=127.0.0.1;Database=none;Username=u"));
        Assert.IsFalse(postgres.Database.HasPendingModelChanges(),
            "PostgreSQL: the model has changes no migration covers; run dotnet ef migrations add <Name> --project src/Agent.Workflows " +
            "--context PostgreSqlWorkflowDbContext --output-dir Persistence/Migrations/PostgreSql --namespace Agent.Workflows.Persistence.Migrations.PostgreSql");
        CollectionAssert.AreEqual(new[] { "20261206105608_InitialSchema", "20261206115705_InstanceLeases" }, postgres.Database.GetMigrations().ToArray(),
            "PostgreSQL has its own migrations, not SQLite's");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener is disposed
    }
}
