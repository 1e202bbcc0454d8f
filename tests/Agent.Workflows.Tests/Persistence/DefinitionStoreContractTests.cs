using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Tests.Versioning;

namespace Agent.Workflows.Tests.Persistence;

/// <summary>The behaviour every <see cref="IWorkflowDefinitionStore"/> must have; run once per store.</summary>
public abstract class DefinitionStoreContractTests
{
    private TestDatabase _db = null!;

    public TestContext TestContext { get; set; } = null!;
    protected CancellationToken Ct => TestContext.CancellationToken;
    protected abstract string Provider { get; }

    /// <summary>The database of one test; a provider needing a server (PostgreSQL) overrides it.</summary>
    private protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(Provider, Ct);
    private IWorkflowDefinitionStore Store => _db.Get<IWorkflowDefinitionStore>();

    [TestInitialize]
    public async Task Setup() => _db = await CreateDatabaseAsync();

    [TestCleanup]
    public async Task Cleanup() => await _db.DisposeAsync();

    private static WorkflowDefinition Version(string definitionId, int version, bool latest, bool published, string? name = null)
    {
        var d = SampleDefinitions.Create(definitionId, name ?? definitionId.ToUpperInvariant(), text: $"{definitionId} v{version}");
        (d.Id, d.Version, d.IsLatest, d.IsPublished) = ($"{definitionId}-{version}", version, latest, published);
        d.CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(version);
        return d;
    }

    [TestMethod]
    public async Task Saved_version_round_trips_including_unknown_properties()
    {
        var d = Version("orders", 1, latest: true, published: false);
        await Store.SaveAsync(d, Ct);

        var loaded = await Store.FindByIdAsync("orders-1", Ct);
        Assert.IsNotNull(loaded);
        Assert.AreEqual("orders", loaded.DefinitionId);
        Assert.AreEqual(1, loaded.Version);
        Assert.AreEqual("ORDERS", loaded.Name);
        Assert.AreEqual("A sample", loaded.Description);
        Assert.IsTrue(loaded.IsLatest);
        Assert.IsFalse(loaded.IsPublished);
        Assert.AreEqual(d.CreatedAt, loaded.CreatedAt);
        Assert.AreEqual("orders v1", SampleDefinitions.Text(loaded));
        Assert.AreEqual(2, loaded.Extra!["studioLayout"].GetProperty("zoom").GetInt32());
        Assert.AreEqual("Counter", loaded.Variables.Single().Name);
        Assert.IsNull(await Store.FindByIdAsync("nope", Ct));
    }

    [TestMethod]
    public async Task Find_selects_latest_published_either_or_a_specific_version()
    {
        await Store.SaveAsync(new DefinitionWriteBatch(
            Version("a", 1, latest: false, published: false),
            Version("a", 2, latest: false, published: true),
            Version("a", 3, latest: true, published: false),
            Version("b", 1, latest: true, published: false)), Ct);

        Assert.AreEqual(3, (await Store.FindAsync("a", VersionOptions.Latest, Ct))!.Version);
        Assert.AreEqual(2, (await Store.FindAsync("a", VersionOptions.Published, Ct))!.Version);
        Assert.AreEqual(2, (await Store.FindAsync("a", VersionOptions.LatestOrPublished, Ct))!.Version, "published wins when there is one");
        Assert.AreEqual(1, (await Store.FindAsync("b", VersionOptions.LatestOrPublished, Ct))!.Version, "otherwise the latest");
        Assert.AreEqual(1, (await Store.FindAsync("a", VersionOptions.SpecificVersion(1), Ct))!.Version);
        Assert.IsNull(await Store.FindAsync("a", VersionOptions.SpecificVersion(9), Ct));
        Assert.IsNull(await Store.FindAsync("b", VersionOptions.Published, Ct));
        Assert.IsNull(await Store.FindAsync("zzz", VersionOptions.Latest, Ct));
    }

    [TestMethod]
    public async Task ListLatest_pages_searches_and_counts_one_row_per_definition()
    {
        await Store.SaveAsync(new DefinitionWriteBatch(
            Version("invoice", 1, latest: false, published: true, name: "Invoice approval"),
            Version("invoice", 2, latest: true, published: false, name: "Invoice approval"),
            Version("onboarding", 1, latest: true, published: true, name: "Employee onboarding"),
            Version("cleanup", 1, latest: true, published: false, name: "Nightly cleanup")), Ct);

        var all = await Store.ListLatestAsync(new DefinitionQuery(), Ct);
        Assert.AreEqual(3, all.TotalCount);
        CollectionAssert.AreEqual(new[] { "onboarding", "invoice", "cleanup" }, all.Items.Select(x => x.DefinitionId).ToArray(), "ordered by name");
        Assert.AreEqual(2, all.Items[1].Version);

        var page = await Store.ListLatestAsync(new DefinitionQuery(Skip: 1, Take: 1), Ct);
        Assert.AreEqual(3, page.TotalCount);
        CollectionAssert.AreEqual(new[] { "invoice" }, page.Items.Select(x => x.DefinitionId).ToArray());

        var search = await Store.ListLatestAsync(new DefinitionQuery("APPROV"), Ct);
        Assert.AreEqual(1, search.TotalCount);
        Assert.AreEqual("invoice", search.Items.Single().DefinitionId);
        Assert.AreEqual(1, (await Store.ListLatestAsync(new DefinitionQuery("clean"), Ct)).TotalCount, "search matches the definition id too");
        Assert.AreEqual(0, (await Store.ListLatestAsync(new DefinitionQuery("nothing"), Ct)).TotalCount);
    }

    [TestMethod]
    public async Task ListVersions_is_oldest_first_and_empty_for_unknown_definitions()
    {
        await Store.SaveAsync(new DefinitionWriteBatch(Version("a", 2, true, false), Version("a", 1, false, true)), Ct);
        var versions = await Store.ListVersionsAsync("a", Ct);
        CollectionAssert.AreEqual(new[] { 1, 2 }, versions.Select(v => v.Version).ToArray());
        Assert.IsTrue(versions[0].IsPublished);
        Assert.IsTrue(versions[1].IsLatest);
        Assert.AreEqual(0, (await Store.ListVersionsAsync("zzz", Ct)).Count);
    }

    [TestMethod]
    public async Task Saving_an_existing_version_id_replaces_it()
    {
        await Store.SaveAsync(Version("a", 1, true, false), Ct);
        var changed = Version("a", 1, true, true, name: "Renamed");
        await Store.SaveAsync(changed, Ct);
        var loaded = (await Store.FindByIdAsync("a-1", Ct))!;
        Assert.AreEqual("Renamed", loaded.Name);
        Assert.IsTrue(loaded.IsPublished);
        Assert.AreEqual(1, (await Store.ListVersionsAsync("a", Ct)).Count);
    }

    [TestMethod]
    public async Task A_batch_with_a_taken_version_number_stores_nothing()
    {
        await Store.SaveAsync(Version("a", 1, true, false), Ct);
        var previous = Version("a", 1, false, false);
        var clash = Version("a", 1, true, false);
        clash.Id = "other-id";
        await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() =>
            Store.SaveAsync(new DefinitionWriteBatch([previous, Version("b", 1, true, false), clash], []), Ct));

        Assert.IsTrue((await Store.FindByIdAsync("a-1", Ct))!.IsLatest, "the first upsert of the batch was rolled back");
        Assert.IsNull(await Store.FindByIdAsync("b-1", Ct));
        Assert.IsNull(await Store.FindByIdAsync("other-id", Ct));
    }

    [TestMethod]
    public async Task A_batch_deletes_and_writes_together()
    {
        await Store.SaveAsync(new DefinitionWriteBatch(Version("a", 1, false, true), Version("a", 2, true, false)), Ct);
        await Store.SaveAsync(new DefinitionWriteBatch([Version("a", 1, true, true)], ["a-2"]), Ct);
        var versions = await Store.ListVersionsAsync("a", Ct);
        Assert.AreEqual(1, versions.Count);
        Assert.IsTrue(versions[0].IsLatest);
    }

    [TestMethod]
    public async Task Delete_removes_every_version_of_one_definition()
    {
        await Store.SaveAsync(new DefinitionWriteBatch(Version("a", 1, false, true), Version("a", 2, true, false), Version("b", 1, true, false)), Ct);
        Assert.AreEqual(2, await Store.DeleteAsync("a", Ct));
        Assert.AreEqual(0, (await Store.ListVersionsAsync("a", Ct)).Count);
        Assert.AreEqual(1, (await Store.ListVersionsAsync("b", Ct)).Count);
        Assert.AreEqual(0, await Store.DeleteAsync("a", Ct));
    }
}

[TestClass]
public sealed class SqliteDefinitionStoreContractTests : DefinitionStoreContractTests
{
    protected override string Provider => PersistenceProviders.Sqlite;
}

[TestClass]
public sealed class InMemoryDefinitionStoreContractTests : DefinitionStoreContractTests
{
    protected override string Provider => PersistenceProviders.InMemory;
}
