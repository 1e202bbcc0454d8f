using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Notes;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Learning.Notes;

/// <summary>A fresh knowledge base with the learning system and the learned notes wired as the host wires them.</summary>
internal sealed class NotesKnowledge : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public NotesKnowledge(Dictionary<string, string?>? notesSettings = null, Action<IServiceCollection>? configure = null)
    {
        Folder = TempFolder.Create("agent-notes-kb");
        DatabasePath = Path.Combine(Folder, "knowledge_base.db");
        var services = new ServiceCollection()
            .AddLearning(o => o.DatabasePath = DatabasePath)
            .AddLearnedNotes(new ConfigurationBuilder().AddInMemoryCollection(notesSettings ?? []).Build());
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string Folder { get; }

    /// <summary>The repository the recorded attempts were made in.</summary>
    public const string Repository = "/repo/notes";

    /// <summary>Where a seeded solution comes from: a merged commit in <see cref="Repository"/>.</summary>
    public static SolutionOrigin Origin { get; } = new("f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed", Repository);

    public string DatabasePath { get; }

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Records what real cycles record: an accepted fix of a compiler error, and attempts per approach.</summary>
    public async Task LearnAsync(CancellationToken cancellationToken, int docsSuccesses = 3, int buildFailures = 3, string repository = Repository)
    {
        var learning = Get<ILearningService>();
        await learning.RecordAttemptAsync(new AttemptRecord
        {
            Task = new LearningTask("build", "fix-build", "make the build pass", Repository: repository),
            Outcome = ExperienceOutcome.Accepted,
            GapClosed = true,
            MergedCommit = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0",
            Approach = new Approach { Name = "template:fix-build" },
            ErrorsSeen = [new ErrorObservation("/w/src/Calc.cs(3,9): error CS0103: The name 'total' does not exist in the current context", "build")],
            Fix = new AttemptFix("declare 'total' before the loop in Calc.Sum"),
        }, cancellationToken);
        for (var i = 0; i < docsSuccesses; i++)
            await learning.RecordAttemptAsync(Attempt("add-docs", "template:add-docs", ExperienceOutcome.Accepted), cancellationToken);
        for (var i = 0; i < buildFailures; i++)
            await learning.RecordAttemptAsync(Attempt("remove-warning", "rewrite-file", ExperienceOutcome.Rejected), cancellationToken);
    }

    private static AttemptRecord Attempt(string taskType, string approach, ExperienceOutcome outcome) => new()
    {
        Task = new LearningTask("quality", taskType, $"do {taskType}", Repository: Repository),
        Outcome = outcome,
        GapClosed = outcome == ExperienceOutcome.Accepted,
        MergedCommit = outcome == ExperienceOutcome.Accepted ? Guid.NewGuid().ToString("N") + "00000000" : null,
        Approach = new Approach { Name = approach },
        Improvement = outcome == ExperienceOutcome.Accepted ? 1.5 : null,
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(Folder);
    }
}
