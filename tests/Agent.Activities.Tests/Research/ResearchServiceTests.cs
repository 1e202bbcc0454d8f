using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.Research;
using Agent.Activities.Tests.Cycle;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Research;

[TestClass]
[TestCategory("Slow")]
public sealed class ResearchServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_failing_node_test_leads_to_its_test_file_the_code_it_requires_its_error_and_the_sources_notes()
    {
        using var sample = SampleRepository.Create("node-strings");
        var source = new RecordingSource();
        await using var services = CycleServices.Create(configure: s => s.AddSingleton<IResearchSource>(source));
        var snapshot = await services.Get<AssessmentService>().AssessAsync(sample.Path, null, TestContext.CancellationToken);
        var gap = (await services.Get<GapFinder>().FindAsync(await services.Get<GoalsFileReader>().LoadAsync(sample.Path, TestContext.CancellationToken), snapshot, TestContext.CancellationToken)).Top!;

        var context = await services.Get<ResearchService>().ResearchAsync(gap, snapshot, TestContext.CancellationToken);

        Assert.AreEqual("fix-failing-test:wordCount ignores repeated spaces", context.GapKey);
        CollectionAssert.AreEqual(new[] { "test/strings.test.js", "src/strings.js" }, context.Files.Select(f => f.Path).ToList());
        Assert.AreEqual("imported by the failing test", context.Files[1].Reason);
        Assert.AreEqual(await File.ReadAllTextAsync(Path.Combine(sample.Path, "src", "strings.js"), TestContext.CancellationToken), context.Files[1].Content);
        Assert.Contains("6 !== 3", context.ErrorExcerpts.Single());
        Assert.AreEqual(new ResearchNote("recording", "seen before", "wordCount ignores repeated spaces"), context.Notes.Single());
        Assert.AreEqual(snapshot.TargetPath, source.Query!.TargetPath);
        CollectionAssert.AreEqual(context.ErrorExcerpts.ToList(), source.Query.ErrorExcerpts.ToList());
    }

    [TestMethod]
    public async Task Without_research_sources_the_context_holds_only_the_repository()
    {
        using var sample = SampleRepository.Create("node-strings");
        await using var services = CycleServices.Create();
        var snapshot = await services.Get<SnapshotStore>().SaveAsync(new MeasurementSnapshot { TargetPath = sample.Path }, TestContext.CancellationToken);
        var gap = new Gap
        {
            Key = "remove-todo:src/strings.js", TaskType = TaskTypes.RemoveTodo, GoalId = "g", GoalTitle = "G", Metric = MetricCatalog.TodoCount,
            Target = "todo.count ≤ 0", Subject = "src/strings.js", Files = ["src/strings.js"], Summary = "1 TODO",
        };

        var context = await services.Get<ResearchService>().ResearchAsync(gap, snapshot, TestContext.CancellationToken);

        Assert.AreEqual("src/strings.js", context.Files.Single().Path);
        Assert.IsEmpty(context.Notes);
        Assert.IsEmpty(context.ErrorExcerpts);
    }

    [TestMethod]
    public async Task A_source_that_throws_becomes_a_note_and_the_other_sources_still_answer()
    {
        using var sample = SampleRepository.Create("node-strings");
        await using var services = CycleServices.Create(configure: s =>
        {
            s.AddSingleton<IResearchSource>(new BrokenSource());
            s.AddSingleton<IResearchSource>(new RecordingSource());
        });
        var snapshot = await services.Get<SnapshotStore>().SaveAsync(new MeasurementSnapshot { TargetPath = sample.Path }, TestContext.CancellationToken);
        var gap = new Gap
        {
            Key = "remove-todo:src/strings.js", TaskType = TaskTypes.RemoveTodo, GoalId = "g", GoalTitle = "G", Metric = MetricCatalog.TodoCount,
            Target = "todo.count ≤ 0", Subject = "src/strings.js", Files = ["src/strings.js"], Summary = "1 TODO",
        };

        var context = await services.Get<ResearchService>().ResearchAsync(gap, snapshot, TestContext.CancellationToken);

        Assert.AreEqual("The source 'broken' could not answer (HttpRequestException: Name or service not known); its notes are missing.", context.Notes[0].Text);
        Assert.AreEqual(new ResearchNote("recording", "seen before", "src/strings.js"), context.Notes[1]);
    }

    private sealed class BrokenSource : IResearchSource
    {
        public string Name => "broken";

        public Task<IReadOnlyList<ResearchNote>> FindAsync(ResearchQuery query, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<ResearchNote>>(new HttpRequestException("Name or service not known"));
    }

    /// <summary>A research source that answers from the query, as the learning system's error matcher would.</summary>
    private sealed class RecordingSource : IResearchSource
    {
        public ResearchQuery? Query { get; private set; }

        public string Name => "recording";

        public Task<IReadOnlyList<ResearchNote>> FindAsync(ResearchQuery query, CancellationToken cancellationToken)
        {
            Query = query;
            return Task.FromResult<IReadOnlyList<ResearchNote>>([new ResearchNote(Name, "seen before", query.Gap.Subject)]);
        }
    }
}
