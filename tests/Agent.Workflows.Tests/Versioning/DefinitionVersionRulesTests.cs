using Agent.Workflows.Validation;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>Elsa's version rules as implemented by <see cref="WorkflowDefinitionService"/>; run on both stores.</summary>
public abstract class DefinitionVersionRulesTests : VersioningTestBase
{
    [TestMethod]
    public async Task A_new_definition_gets_version_1_as_latest_draft_and_the_callers_object_is_untouched()
    {
        var input = SampleDefinitions.Create("orders");
        var draft = await Service.SaveDraftAsync(input, Ct);

        Assert.AreEqual(1, draft.Version);
        Assert.IsTrue(draft.IsLatest);
        Assert.IsFalse(draft.IsPublished);
        Assert.IsFalse(string.IsNullOrEmpty(draft.Id));
        Assert.AreEqual(Time.Now, draft.CreatedAt);
        Assert.AreEqual("", input.Id, "the service works on a copy");
        Assert.AreEqual("1L", await VersionsAsync("orders"));
        Assert.AreEqual("Hello", SampleDefinitions.Text((await Service.FindByVersionIdAsync(draft.Id, Ct))!));
        Assert.AreEqual("orders", (await Service.ListAsync(new DefinitionQuery("ord"), Ct)).Items.Single().DefinitionId);
    }

    [TestMethod]
    public async Task A_definition_without_definition_id_gets_one()
    {
        var draft = await Service.SaveDraftAsync(SampleDefinitions.Create(""), Ct);
        Assert.IsFalse(string.IsNullOrWhiteSpace(draft.DefinitionId));
        Assert.AreEqual("1L", await VersionsAsync(draft.DefinitionId));
    }

    [TestMethod]
    public async Task Saving_over_a_draft_updates_it_in_place()
    {
        var first = await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "one"), Ct);
        Time.Now = Time.Now.AddHours(1);
        var second = await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "two"), Ct);

        Assert.AreEqual(first.Id, second.Id);
        Assert.AreEqual(1, second.Version);
        Assert.AreEqual(first.CreatedAt, second.CreatedAt);
        Assert.AreEqual("1L", await VersionsAsync("orders"));
        Assert.AreEqual("two", SampleDefinitions.Text(await Service.GetVersionAsync("orders", 1, Ct)));
    }

    [TestMethod]
    public async Task Saving_after_publish_creates_the_next_version_and_the_published_one_stays_published()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "one"), Ct);
        await Service.PublishAsync("orders", Ct);
        Assert.AreEqual("1PL", await VersionsAsync("orders"));

        var v2 = await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "two"), Ct);
        Assert.AreEqual(2, v2.Version);
        Assert.AreEqual("1P 2L", await VersionsAsync("orders"));
        Assert.AreEqual("one", SampleDefinitions.Text(await Service.GetAsync("orders", VersionOptions.Published, Ct)));
        Assert.AreEqual("two", SampleDefinitions.Text(await Service.GetAsync("orders", VersionOptions.Latest, Ct)));
    }

    [TestMethod]
    public async Task Publishing_the_latest_retires_the_previously_published_version_but_keeps_it()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "two"), Ct);

        var published = await Service.PublishAsync("orders", Ct);
        Assert.AreEqual(2, published.Version);
        Assert.IsTrue(published.IsPublished);
        Assert.AreEqual("1 2PL", await VersionsAsync("orders"));
        Assert.AreEqual(2, (await Service.ListVersionsAsync("orders", Ct)).Count);
    }

    [TestMethod]
    public async Task Publishing_when_the_latest_is_already_published_changes_nothing()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        var first = await Service.PublishAsync("orders", Ct);
        var again = await Service.PublishAsync("orders", Ct);
        Assert.AreEqual(first.Id, again.Id);
        Assert.AreEqual("1PL", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task Publishing_an_unknown_definition_names_it()
    {
        var ex = await Assert.ThrowsExactlyAsync<WorkflowDefinitionNotFoundException>(() => Service.PublishAsync("ghost", Ct));
        Assert.AreEqual("ghost", ex.DefinitionId);
        StringAssert.Contains(ex.Message, "'ghost' does not exist");
    }

    [TestMethod]
    public async Task Retract_unpublishes_and_a_second_retract_explains_there_is_nothing_published()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "two"), Ct);

        var retracted = await Service.RetractAsync("orders", Ct);
        Assert.AreEqual(1, retracted.Version);
        Assert.AreEqual("1 2L", await VersionsAsync("orders"));

        var ex = await Assert.ThrowsExactlyAsync<WorkflowDefinitionStateException>(() => Service.RetractAsync("orders", Ct));
        StringAssert.Contains(ex.Message, "no published version");
        await Assert.ThrowsExactlyAsync<WorkflowDefinitionNotFoundException>(() => Service.RetractAsync("ghost", Ct));
    }

    [TestMethod]
    public async Task Getting_a_missing_version_names_the_definition_the_version_and_the_versions_that_exist()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);

        var ex = await Assert.ThrowsExactlyAsync<VersionNotFoundException>(() => Service.GetVersionAsync("orders", 7, Ct));
        Assert.AreEqual("Workflow definition 'orders' has no version 7. Existing versions: 1, 2.", ex.Message);
        CollectionAssert.AreEqual(new[] { 1, 2 }, ex.ExistingVersions.ToArray());
        Assert.AreEqual(7, ex.Version);

        var unknown = await Assert.ThrowsExactlyAsync<WorkflowDefinitionNotFoundException>(() => Service.GetVersionAsync("ghost", 1, Ct));
        Assert.AreEqual("Workflow definition 'ghost' does not exist.", unknown.Message);
        await Assert.ThrowsExactlyAsync<WorkflowDefinitionNotFoundException>(() => Service.ListVersionsAsync("ghost", Ct));
    }

    [TestMethod]
    public async Task Revert_copies_an_old_version_into_a_new_latest_draft()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", name: "First", text: "one"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", name: "Second", text: "two"), Ct);
        await Service.PublishAsync("orders", Ct);

        var reverted = await Service.RevertAsync("orders", 1, Ct);
        Assert.AreEqual(3, reverted.Version);
        Assert.AreEqual("one", SampleDefinitions.Text(reverted));
        Assert.AreEqual("First", reverted.Name);
        Assert.AreEqual("1 2P 3L", await VersionsAsync("orders"));
        var v1 = await Service.GetVersionAsync("orders", 1, Ct);
        Assert.AreNotEqual(v1.Id, reverted.Id);
        Assert.AreEqual("one", SampleDefinitions.Text(v1), "the source version is unchanged");

        await Assert.ThrowsExactlyAsync<VersionNotFoundException>(() => Service.RevertAsync("orders", 9, Ct));
        Assert.AreEqual("1 2P 3L", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task DeleteDraft_removes_the_latest_draft_and_the_previous_version_becomes_latest()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "one"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "two"), Ct);

        var latest = await Service.DeleteDraftAsync("orders", Ct);
        Assert.AreEqual(1, latest!.Version);
        Assert.IsTrue(latest.IsLatest);
        Assert.AreEqual("1PL", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task DeleteDraft_refuses_when_the_latest_version_is_published()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.PublishAsync("orders", Ct);
        var ex = await Assert.ThrowsExactlyAsync<WorkflowDefinitionStateException>(() => Service.DeleteDraftAsync("orders", Ct));
        StringAssert.Contains(ex.Message, "no draft to delete");
        StringAssert.Contains(ex.Message, "version 1 is published");
        Assert.AreEqual("1PL", await VersionsAsync("orders"));
        await Assert.ThrowsExactlyAsync<WorkflowDefinitionNotFoundException>(() => Service.DeleteDraftAsync("ghost", Ct));
    }

    [TestMethod]
    public async Task DeleteDraft_of_the_only_version_removes_the_definition()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        Assert.IsNull(await Service.DeleteDraftAsync("orders", Ct));
        Assert.AreEqual("", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task Delete_removes_all_versions()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("other"), Ct);

        Assert.AreEqual(2, await Service.DeleteAsync("orders", Ct));
        Assert.AreEqual("", await VersionsAsync("orders"));
        Assert.AreEqual("1L", await VersionsAsync("other"));
        Assert.AreEqual(0, await Service.DeleteAsync("orders", Ct));
    }

    [TestMethod]
    public async Task Getting_published_when_nothing_is_published_is_a_state_error()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Assert.ThrowsExactlyAsync<WorkflowDefinitionStateException>(() => Service.GetAsync("orders", VersionOptions.Published, Ct));
        Assert.AreEqual(1, (await Service.GetAsync("orders", VersionOptions.LatestOrPublished, Ct)).Version);
    }

    [TestMethod]
    public async Task Validation_errors_list_every_path_and_nothing_is_stored()
    {
        Validator.Rule = d => SampleDefinitions.Text(d) == "bad"
            ? [new DefinitionValidationError("$.root.activities[0].type", "Unknown activity type 'Foo'."), new DefinitionValidationError("$.variables[0]", "Duplicate name.")]
            : [];

        var ex = await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "bad"), Ct));
        Assert.AreEqual(2, ex.Errors.Count);
        StringAssert.Contains(ex.Message, "$.root.activities[0].type: Unknown activity type 'Foo'.");
        StringAssert.Contains(ex.Message, "$.variables[0]: Duplicate name.");
        StringAssert.Contains(ex.Message, "nothing was stored");
        Assert.AreEqual("", await VersionsAsync("orders"));

        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "good"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "bad"), Ct));
        Assert.AreEqual("1PL", await VersionsAsync("orders"), "no new version was created");
    }

    [TestMethod]
    public async Task Concurrent_drafts_after_publish_create_exactly_one_new_version()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "t" + i), Ct), Ct)));
        Assert.AreEqual("1P 2L", await VersionsAsync("orders"));
    }
}

[TestClass]
public sealed class SqliteDefinitionVersionRulesTests : DefinitionVersionRulesTests
{
    protected override string Provider => PersistenceProviders.Sqlite;
}

[TestClass]
public sealed class InMemoryDefinitionVersionRulesTests : DefinitionVersionRulesTests
{
    protected override string Provider => PersistenceProviders.InMemory;
}
