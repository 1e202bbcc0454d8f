using Agent.Workflows.Validation;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Tests.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>A service on a fresh store per test, with a clock and a validator the test controls.</summary>
public abstract class VersioningTestBase
{
    private TestDatabase _db = null!;

    public TestContext TestContext { get; set; } = null!;
    protected CancellationToken Ct => TestContext.CancellationToken;
    protected abstract string Provider { get; }

    /// <summary>The database of one test; a provider needing a server (PostgreSQL) overrides it.</summary>
    private protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(Provider, Ct);
    protected IWorkflowDefinitionStore Store => _db.Get<IWorkflowDefinitionStore>();
    protected ManualTime Time { get; } = new(new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero));
    protected TestValidator Validator { get; } = new();
    protected WorkflowDefinitionService Service { get; private set; } = null!;
    protected string Directory => _db.Directory;

    [TestInitialize]
    public async Task Setup()
    {
        _db = await CreateDatabaseAsync();
        Service = new WorkflowDefinitionService(Store, [Validator], Time);
    }

    [TestCleanup]
    public async Task Cleanup() => await _db.DisposeAsync();

    /// <summary>Version numbers with their flags, e.g. "1P 2L" (P published, L latest), oldest first.</summary>
    protected async Task<string> VersionsAsync(string definitionId) =>
        string.Join(" ", (await Store.ListVersionsAsync(definitionId, Ct))
            .Select(v => $"{v.Version}{(v.IsPublished ? "P" : "")}{(v.IsLatest ? "L" : "")}"));

    protected sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    protected sealed class TestValidator : IWorkflowDefinitionValidator
    {
        public Func<WorkflowDefinition, IReadOnlyList<DefinitionValidationError>> Rule { get; set; } = _ => [];
        public IReadOnlyList<DefinitionValidationError> Validate(WorkflowDefinition definition) => Rule(definition);
    }
}
