using Agent.Testing.Postgres;
using Agent.Workflows.Tests.Versioning;

namespace Agent.Workflows.Tests.Persistence.Postgres;

// The contract tests every store passes, run once more on a real PostgreSQL server: one server per class, a fresh
// database (migrated by the real initializer) per test.

[TestClass]
public sealed class PostgreSqlInstanceStoreContractTests : InstanceStoreContractTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    protected override string Provider => "PostgreSql";

    private protected override async Task<TestDatabase> CreateDatabaseAsync() =>
        await TestDatabase.CreatePostgreSqlAsync(await s_server!.CreateDatabaseAsync("instances", Ct), Ct);
}

[TestClass]
public sealed class PostgreSqlDefinitionStoreContractTests : DefinitionStoreContractTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    protected override string Provider => "PostgreSql";

    private protected override async Task<TestDatabase> CreateDatabaseAsync() =>
        await TestDatabase.CreatePostgreSqlAsync(await s_server!.CreateDatabaseAsync("definitions", Ct), Ct);
}

[TestClass]
public sealed class PostgreSqlDefinitionVersionRulesTests : DefinitionVersionRulesTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    protected override string Provider => "PostgreSql";

    private protected override async Task<TestDatabase> CreateDatabaseAsync() =>
        await TestDatabase.CreatePostgreSqlAsync(await s_server!.CreateDatabaseAsync("versions", Ct), Ct);
}

[TestClass]
public sealed class PostgreSqlDefinitionImportExportTests : DefinitionImportExportTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    protected override string Provider => "PostgreSql";

    private protected override async Task<TestDatabase> CreateDatabaseAsync() =>
        await TestDatabase.CreatePostgreSqlAsync(await s_server!.CreateDatabaseAsync("importexport", Ct), Ct);
}
