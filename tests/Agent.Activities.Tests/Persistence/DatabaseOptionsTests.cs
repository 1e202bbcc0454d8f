using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Persistence;

[TestClass]
public sealed class DatabaseOptionsTests
{
    public TestContext TestContext { get; set; } = null!;

    private static ServiceProvider Build(Dictionary<string, string?> settings, string folder) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddLearning(o => o.DatabasePath = Path.Combine(folder, "knowledge.db"))
        .AddAssessment()
        .BuildServiceProvider();

    [TestMethod]
    public void PostgreSql_without_a_connection_string_is_refused_naming_the_key()
    {
        using var services = Build(new() { ["Database:Provider"] = "PostgreSql" }, TempFolder.Create("db-options"));

        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("Database:ConnectionString", error.Message);
        var direct = Assert.ThrowsExactly<InvalidOperationException>(() => StoreLocation.For(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql }, "x.db", "cycle"));
        Assert.Contains("Database:ConnectionString", direct.Message);
    }

    [TestMethod]
    public void A_connection_string_that_does_not_parse_is_refused_with_an_example()
    {
        var problem = DatabaseOptionsValidator.ProblemOf(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Hots=db;;=" });

        Assert.IsNotNull(problem);
        Assert.Contains("Database:ConnectionString", problem);
    }

    [TestMethod]
    public void The_stores_follow_the_Database_section_of_the_configuration()
    {
        var folder = TempFolder.Create("db-options-bound");
        using var services = Build(new() { ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = "Host=db.example;Database=agent;Username=agent" }, folder);

        var knowledge = services.GetRequiredService<KnowledgeDatabase>();
        var cycle = services.GetRequiredService<CycleDatabase>();

        Assert.IsTrue(knowledge.Location.IsPostgreSql);
        Assert.AreEqual("knowledge", knowledge.Location.Schema);
        Assert.Contains("Search Path=knowledge", knowledge.Location.ConnectionString!);
        Assert.AreEqual("cycle", cycle.Location.Schema);
        Assert.IsNull(cycle.Path, "no SQLite file in PostgreSQL mode");
    }

    [TestMethod]
    public void Without_a_Database_section_every_store_keeps_its_own_SQLite_file()
    {
        var folder = TempFolder.Create("db-options-default");
        using var services = Build([], folder);

        Assert.AreEqual(Path.Combine(folder, "knowledge.db"), services.GetRequiredService<KnowledgeDatabase>().Location.SqlitePath);
        Assert.IsFalse(services.GetRequiredService<CycleDatabase>().Location.IsPostgreSql);
    }

    [TestMethod]
    public async Task An_unreachable_PostgreSQL_server_is_reported_naming_the_schema_and_the_setting()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=127.0.0.1;Port=1;Database=agent;Username=agent;Timeout=2" };
        using var knowledge = new KnowledgeDatabase(Options.Create(new LearningOptions { DatabasePath = "unused.db" }), Options.Create(database));

        var error = await Assert.ThrowsExactlyAsync<KnowledgeStoreException>(() => knowledge.InitializeAsync(TestContext.CancellationToken));

        Assert.Contains("schema 'knowledge'", error.Message);
        Assert.Contains("Database:ConnectionString", error.Message);
    }
}
