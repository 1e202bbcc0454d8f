using Agent.Workflows.Validation;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>Import and export of definition JSON; run on both stores.</summary>
public abstract class DefinitionImportExportTests : VersioningTestBase
{
    private string WorkflowsDirectory()
    {
        var dir = Path.Combine(Directory, "workflows");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    [TestMethod]
    public async Task Importing_an_unknown_definition_keeps_its_version_number_id_and_flags()
    {
        var result = await Service.ImportAsync(SampleDefinitions.Json("orders", 3, isPublished: true, text: "three"), Ct);

        Assert.AreEqual(DefinitionImportOutcome.Imported, result.Outcome);
        Assert.AreEqual(3, result.Version);
        Assert.AreEqual("3PL", await VersionsAsync("orders"));
        var stored = await Service.GetVersionAsync("orders", 3, Ct);
        Assert.AreEqual("orders-v3", stored.Id);
        Assert.AreEqual("three", SampleDefinitions.Text(stored));
        Assert.AreEqual(2, stored.Extra!["studioLayout"].GetProperty("zoom").GetInt32(), "unknown properties survive the import");
    }

    [TestMethod]
    public async Task Importing_a_newer_published_version_makes_it_latest_and_the_only_published_one()
    {
        await Service.ImportAsync(SampleDefinitions.Json("orders", 1, isPublished: true), Ct);
        var result = await Service.ImportAsync(SampleDefinitions.Json("orders", 2, isPublished: true, text: "two"), Ct);

        Assert.AreEqual(DefinitionImportOutcome.Imported, result.Outcome);
        StringAssert.Contains(result.Reason, "newer than the stored version 1");
        Assert.AreEqual("1 2PL", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task Importing_a_newer_draft_keeps_the_published_version_published()
    {
        await Service.ImportAsync(SampleDefinitions.Json("orders", 1, isPublished: true), Ct);
        await Service.ImportAsync(SampleDefinitions.Json("orders", 2, isPublished: false), Ct);
        Assert.AreEqual("1P 2L", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task Importing_an_older_or_the_same_version_is_skipped_with_the_reason_and_changes_nothing()
    {
        await Service.ImportAsync(SampleDefinitions.Json("orders", 2, text: "stored"), Ct);

        var older = await Service.ImportAsync(SampleDefinitions.Json("orders", 1, text: "file"), Ct);
        Assert.AreEqual(DefinitionImportOutcome.Skipped, older.Outcome);
        Assert.AreEqual("the stored version 2 is newer than the file's version 1", older.Reason);

        var same = await Service.ImportAsync(SampleDefinitions.Json("orders", 2, text: "file"), Ct);
        Assert.AreEqual(DefinitionImportOutcome.Skipped, same.Outcome);
        Assert.AreEqual("version 2 is already stored", same.Reason);

        Assert.AreEqual("2L", await VersionsAsync("orders"));
        Assert.AreEqual("stored", SampleDefinitions.Text(await Service.GetVersionAsync("orders", 2, Ct)));
    }

    [TestMethod]
    public async Task A_file_whose_version_id_is_taken_gets_a_new_id()
    {
        await Service.ImportAsync(SampleDefinitions.Json("orders", 1, id: "shared-id"), Ct);
        await Service.ImportAsync(SampleDefinitions.Json("other", 1, id: "shared-id"), Ct);
        var other = await Service.GetVersionAsync("other", 1, Ct);
        Assert.AreNotEqual("shared-id", other.Id);
        Assert.AreEqual("orders", (await Store.FindByIdAsync("shared-id", Ct))!.DefinitionId);
    }

    [TestMethod]
    public async Task Invalid_json_raises_a_clear_error_and_stores_nothing()
    {
        var json = "{\n  \"definitionId\": \"orders\",\n  \"version\": 1,\n  \"name\": oops\n}";
        var ex = await Assert.ThrowsExactlyAsync<WorkflowDefinitionImportException>(() => Service.ImportAsync(json, Ct));
        StringAssert.StartsWith(ex.Message, "Could not import a workflow definition from the given JSON: JSON error at line 4, position 11 ($.name): ");
        StringAssert.Contains(ex.Message, "$.name");
        Assert.AreEqual(0, (await Store.ListLatestAsync(new DefinitionQuery(), Ct)).TotalCount);
    }

    [TestMethod]
    public async Task Json_of_the_wrong_shape_is_rejected_with_the_path()
    {
        var ex = await Assert.ThrowsExactlyAsync<WorkflowDefinitionImportException>(() =>
            Service.ImportAsync("{\"definitionId\": \"orders\", \"version\": \"one\"}", Ct));
        StringAssert.Contains(ex.Message, "$.version");
        Assert.AreEqual(0, (await Store.ListLatestAsync(new DefinitionQuery(), Ct)).TotalCount);
    }

    [TestMethod]
    public async Task A_definition_without_definition_id_or_with_version_0_is_rejected()
    {
        var missing = await Assert.ThrowsExactlyAsync<WorkflowDefinitionImportException>(() => Service.ImportAsync("{\"name\": \"x\"}", Ct));
        StringAssert.Contains(missing.Message, "no 'definitionId'");
        var zero = await Assert.ThrowsExactlyAsync<WorkflowDefinitionImportException>(() => Service.ImportAsync("{\"definitionId\": \"a\", \"version\": 0}", Ct));
        StringAssert.Contains(zero.Message, "versions start at 1");
        await Assert.ThrowsExactlyAsync<WorkflowDefinitionImportException>(() => Service.ImportAsync("null", Ct));
    }

    [TestMethod]
    public async Task A_definition_that_fails_validation_is_not_imported()
    {
        Validator.Rule = _ => [new DefinitionValidationError("$.root.activities[0].type", "Unknown activity type 'Elsa.WriteLine'.")];
        var ex = await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => Service.ImportAsync(SampleDefinitions.Json("orders", 1), Ct));
        Assert.AreEqual("$.root.activities[0].type", ex.Errors.Single().Path);
        Assert.AreEqual("", await VersionsAsync("orders"));
    }

    [TestMethod]
    public async Task ImportDirectory_imports_new_and_newer_files_skips_the_rest_and_reports_broken_ones()
    {
        await Service.ImportAsync(SampleDefinitions.Json("stored-newer", 3), Ct);
        await Service.ImportAsync(SampleDefinitions.Json("stored-same", 2), Ct);
        await Service.ImportAsync(SampleDefinitions.Json("stored-older", 1, isPublished: true), Ct);
        var dir = WorkflowsDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "new.json"), SampleDefinitions.Json("brand-new", 1), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "newer.json"), SampleDefinitions.Json("stored-newer", 2), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "same.json"), SampleDefinitions.Json("stored-same", 2), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "older.json"), SampleDefinitions.Json("stored-older", 4, isPublished: true), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "chain-v2.json"), SampleDefinitions.Json("chain", 2, text: "v2"), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "chain-v1.json"), SampleDefinitions.Json("chain", 1, isPublished: true, text: "v1"), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "broken.json"), "{ not json", Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "notes.txt"), "ignored", Ct);

        var report = await Service.ImportDirectoryAsync(dir, Ct);

        Assert.AreEqual(7, report.Results.Count);
        CollectionAssert.AreEquivalent(new[] { "brand-new", "stored-older", "chain", "chain" }, report.Imported.Select(r => r.DefinitionId).ToArray());
        CollectionAssert.AreEquivalent(new[] { "stored-newer", "stored-same" }, report.Skipped.Select(r => r.DefinitionId).ToArray());
        var failed = report.Failed.Single();
        Assert.AreEqual(Path.Combine(dir, "broken.json"), failed.Source);
        StringAssert.Contains(failed.Reason, "broken.json");
        StringAssert.Contains(failed.Reason, "JSON error at line 1");
        StringAssert.Contains(report.Skipped.Single(r => r.DefinitionId == "stored-newer").Reason, "stored version 3 is newer");

        Assert.AreEqual("1L", await VersionsAsync("brand-new"));
        Assert.AreEqual("3L", await VersionsAsync("stored-newer"), "a newer stored version is never overwritten");
        Assert.AreEqual("1 4PL", await VersionsAsync("stored-older"));
        Assert.AreEqual("1P 2L", await VersionsAsync("chain"), "files of one definition are imported oldest first");

        var second = await Service.ImportDirectoryAsync(dir, Ct);
        Assert.AreEqual(0, second.Imported.Count(), "a second start imports nothing again");
    }

    [TestMethod]
    public async Task ImportDirectory_reports_invalid_definitions_as_failed_and_goes_on()
    {
        Validator.Rule = d => d.DefinitionId == "bad" ? [new DefinitionValidationError("$.root", "Broken.")] : [];
        var dir = WorkflowsDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "bad.json"), SampleDefinitions.Json("bad", 1), Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "good.json"), SampleDefinitions.Json("good", 1), Ct);

        var report = await Service.ImportDirectoryAsync(dir, Ct);

        StringAssert.Contains(report.Failed.Single().Reason, "$.root: Broken.");
        Assert.AreEqual("good", report.Imported.Single().DefinitionId);
        Assert.AreEqual("", await VersionsAsync("bad"));
    }

    [TestMethod]
    public async Task ImportDirectory_of_a_missing_folder_imports_nothing()
    {
        var report = await Service.ImportDirectoryAsync(Path.Combine(Directory, "no-such-folder"), Ct);
        Assert.AreEqual(0, report.Results.Count);
    }

    [TestMethod]
    public async Task Export_then_import_into_another_store_round_trips_the_definition()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "one"), Ct);
        await Service.PublishAsync("orders", Ct);
        var exportDir = Path.Combine(Directory, "export");
        var path = await Service.ExportAsync("orders", exportDir, cancellationToken: Ct);
        Assert.AreEqual(Path.Combine(exportDir, "orders.json"), path);

        var otherService = new WorkflowDefinitionService(new Agent.Workflows.Persistence.InMemory.InMemoryWorkflowDefinitionStore(), [], Time);
        var report = await otherService.ImportDirectoryAsync(exportDir, Ct);
        Assert.AreEqual(1, report.Imported.Count());
        var copy = await otherService.GetAsync("orders", VersionOptions.Published, Ct);
        var original = await Service.GetAsync("orders", VersionOptions.Published, Ct);
        Assert.AreEqual(original.Id, copy.Id);
        Assert.AreEqual(original.CreatedAt, copy.CreatedAt);
        Assert.AreEqual("one", SampleDefinitions.Text(copy));
    }

    [TestMethod]
    public async Task Export_to_a_stream_writes_the_selected_version_and_unknown_definitions_are_named()
    {
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "one"), Ct);
        await Service.PublishAsync("orders", Ct);
        await Service.SaveDraftAsync(SampleDefinitions.Create("orders", text: "two"), Ct);

        using var stream = new MemoryStream();
        await Service.ExportAsync("orders", stream, VersionOptions.Published, Ct);
        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        StringAssert.Contains(json, "\"version\": 1");
        StringAssert.Contains(json, "\"one\"");

        await Assert.ThrowsExactlyAsync<WorkflowDefinitionNotFoundException>(() => Service.ExportAsync("ghost", new MemoryStream(), cancellationToken: Ct));
    }
}

[TestClass]
public sealed class SqliteDefinitionImportExportTests : DefinitionImportExportTests
{
    protected override string Provider => PersistenceProviders.Sqlite;
}

[TestClass]
public sealed class InMemoryDefinitionImportExportTests : DefinitionImportExportTests
{
    protected override string Provider => PersistenceProviders.InMemory;
}
