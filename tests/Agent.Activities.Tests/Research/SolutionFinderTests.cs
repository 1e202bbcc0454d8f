using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Planning;
using Agent.Activities.Research;
using Agent.Activities.Research.Findings;
using Agent.Testing.Http;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Research;

[TestClass]
public sealed class SolutionFinderTests
{
    private const string SearchPath = "/2.3/search/advanced";
    private const string AnswersPath = "/2.3/questions/11/answers";

    public TestContext TestContext { get; set; } = null!;

    private static LoopbackHttpServer StackExchange() => new LoopbackHttpServer()
        .Map(SearchPath, new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Questions(
            new ApiShapes.Question(11, "Sequence contains no elements", "https://stackoverflow.com/questions/11/sequence-contains-no-elements", 111)))) { Encoding = "gzip" })
        .Map(AnswersPath, new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Answers(
            new ApiShapes.Answer(111, 11, true, 40, "<p>Use <code>FirstOrDefault()</code> and check for null.</p>")))) { Encoding = "gzip" });

    private static Dictionary<string, string?> Settings(LoopbackHttpServer so, LoopbackHttpServer? web = null) => new()
    {
        ["Research:StackExchange:BaseUrl"] = so.BaseAddress.ToString(),
        ["Research:WebSearch:Provider"] = web is null ? null : "searxng",
        ["Research:WebSearch:BaseUrl"] = web?.BaseAddress.ToString(),
    };

    [TestMethod]
    public async Task A_second_query_within_the_ttl_is_answered_from_the_cache_without_reaching_the_server()
    {
        await using var server = StackExchange();
        await using var host = ResearchTestHost.Create(Settings(server));
        var finder = host.Get<SolutionFinder>();

        var first = await finder.SearchAsync(new FindingQuery("Sequence contains no elements"), [SourceList.StackOverflow], TestContext.CancellationToken);
        var second = await finder.SearchAsync(new FindingQuery("  sequence CONTAINS no elements "), [SourceList.StackOverflow], TestContext.CancellationToken);

        Assert.IsEmpty(first.CachedSources);
        CollectionAssert.AreEqual(new[] { "stackoverflow" }, second.CachedSources.ToList());
        Assert.AreEqual(first.Findings.Single(), second.Findings.Single());
        Assert.HasCount(1, server.RequestsTo(SearchPath));
        Assert.HasCount(1, server.RequestsTo(AnswersPath));
    }

    [TestMethod]
    public async Task After_the_ttl_the_source_is_asked_again()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        await using var server = StackExchange();
        var settings = Settings(server);
        settings["Research:CacheTtl"] = "01:00:00";
        await using var host = ResearchTestHost.Create(settings, clock);
        var finder = host.Get<SolutionFinder>();

        await finder.SearchAsync(new FindingQuery("q"), [SourceList.StackOverflow], TestContext.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(61));
        var again = await finder.SearchAsync(new FindingQuery("q"), [SourceList.StackOverflow], TestContext.CancellationToken);

        Assert.IsEmpty(again.CachedSources);
        Assert.HasCount(2, server.RequestsTo(SearchPath));
    }

    [TestMethod]
    public async Task The_same_page_from_two_sources_is_one_finding_ranked_by_the_first_source()
    {
        await using var so = StackExchange();
        await using var web = new LoopbackHttpServer().Map("/search", LoopbackResponse.Json(ApiShapes.Searxng("q",
            ("Sequence contains no elements - Stack Overflow", "http://www.stackoverflow.com/questions/11/sequence-contains-no-elements/#answer-111?utm_source=x", "dup"),
            ("LINQ First vs FirstOrDefault", "https://example.org/linq-first", "First throws on an empty sequence."))));
        await using var host = ResearchTestHost.Create(Settings(so, web));

        var search = await host.Get<SolutionFinder>().SearchAsync(new FindingQuery("Sequence contains no elements"), [SourceList.StackOverflow, SourceList.Web], TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "stackoverflow", "web" }, search.Findings.Select(f => f.Source).ToList());
        Assert.AreEqual("https://stackoverflow.com/questions/11/sequence-contains-no-elements", search.Findings[0].Url);
        Assert.AreEqual("https://example.org/linq-first", search.Findings[1].Url);
        Assert.IsTrue(search.Findings[0].Score > search.Findings[1].Score);
    }

    [TestMethod]
    public async Task A_source_that_is_down_leaves_the_others_findings_and_is_not_cached()
    {
        await using var so = StackExchange();
        await using var web = new LoopbackHttpServer().Map("/search", new LoopbackResponse(503, "down"));
        await using var host = ResearchTestHost.Create(Settings(so, web));
        var finder = host.Get<SolutionFinder>();

        var first = await finder.SearchAsync(new FindingQuery("q"), [SourceList.StackOverflow, SourceList.Web], TestContext.CancellationToken);
        var second = await finder.SearchAsync(new FindingQuery("q"), [SourceList.StackOverflow, SourceList.Web], TestContext.CancellationToken);

        Assert.AreEqual("stackoverflow", first.Findings.Single().Source);
        Assert.Contains("web: SearXNG: answered HTTP 503", first.Problems.Single());
        CollectionAssert.AreEqual(new[] { "stackoverflow" }, second.CachedSources.ToList());
        Assert.HasCount(6, web.RequestsTo("/search"), "3 attempts (2 retries) per query, and the failure was not cached");
    }

    [TestMethod]
    public void Unknown_source_names_are_refused_with_the_known_ones()
    {
        var options = new ExternalResearchOptions { Sources = "stackoverflow, bing" };
        var error = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Single().ErrorMessage!;
        Assert.AreEqual("Research:Sources names 'bing', which is no source; use stackoverflow, github, docs, web.", error);
    }

    [TestMethod]
    public async Task The_research_step_turns_findings_into_notes_the_plan_prompt_cites_with_their_urls()
    {
        await using var so = StackExchange();
        var settings = Settings(so);
        settings["Research:Sources"] = "stackoverflow,web";
        await using var host = ResearchTestHost.Create(settings);
        var gap = new Gap
        {
            Key = "fix-failing-test:T", TaskType = TaskTypes.FixFailingTest, GoalId = "g", GoalTitle = "Tests pass", Metric = "tests.failed",
            Target = "tests.failed ≤ 0", Subject = "T", Summary = "The test 'T' fails",
        };
        var query = new ResearchQuery("/repo", gap, new MeasurementSnapshot { TargetPath = "/repo" },
            ["System.InvalidOperationException : Sequence contains no elements\n   at System.Linq.ThrowHelper.ThrowNoElementsException()"]);

        var notes = await host.Get<IEnumerable<IResearchSource>>().OfType<ExternalResearchSource>().Single().FindAsync(query, TestContext.CancellationToken);

        Assert.AreEqual("System.InvalidOperationException : Sequence contains no elements", so.RequestsTo(SearchPath).Single().Query["q"]);
        Assert.AreEqual("https://stackoverflow.com/questions/11/sequence-contains-no-elements", notes[0].Url);
        Assert.Contains("no web search provider is configured", notes[1].Text);
        var research = new ResearchContext(gap.Key, [], [], notes);
        var plan = await new PlanService(Options.Create(new PlanOptions { TemplatesDirectory = Path.Combine(AgentRepository.Root, "prompts") }))
            .PlanAsync([new PlanInput(gap, research)], TestContext.CancellationToken);
        Assert.Contains("- [stackoverflow] Sequence contains no elements: Use `FirstOrDefault()` and check for null. (source: https://stackoverflow.com/questions/11/sequence-contains-no-elements, retrieved ", plan.Prompt);
    }

    [TestMethod]
    public async Task Without_configured_sources_the_research_step_asks_nobody()
    {
        await using var so = StackExchange();
        await using var host = ResearchTestHost.Create(Settings(so));
        var gap = new Gap { Key = "k", TaskType = TaskTypes.FixBuild, GoalId = "g", GoalTitle = "G", Metric = "build.succeeded", Target = "t", Summary = "The build fails" };

        var notes = await host.Get<IEnumerable<IResearchSource>>().OfType<ExternalResearchSource>().Single()
            .FindAsync(new ResearchQuery("/repo", gap, new MeasurementSnapshot { TargetPath = "/repo" }, ["error CS0246"]), TestContext.CancellationToken);

        Assert.IsEmpty(notes);
        Assert.IsEmpty(so.Requests);
    }

    [TestMethod]
    public void Urls_are_normalized_for_deduplication()
    {
        Assert.AreEqual(FindingUrl.Normalize("https://stackoverflow.com/questions/1/x"), FindingUrl.Normalize("HTTP://WWW.StackOverflow.com/questions/1/x/#top"));
        Assert.AreEqual(FindingUrl.Normalize("https://a.test/p?b=2&a=1"), FindingUrl.Normalize("https://a.test/p?a=1&utm_medium=m&b=2"));
        Assert.AreNotEqual(FindingUrl.Normalize("https://a.test/p?a=1"), FindingUrl.Normalize("https://a.test/p?a=2"));
    }
}
