using Agent.Activities.Research.Findings;
using Agent.Activities.Research.Http;
using Agent.Activities.Research.StackOverflow;
using Agent.Testing.Http;

namespace Agent.Activities.Tests.Research;

[TestClass]
public sealed class StackOverflowSourceTests
{
    private const string SearchPath = "/2.3/search/advanced";
    private const string AnswersPath = "/2.3/questions/11;12/answers";

    public TestContext TestContext { get; set; } = null!;

    private static LoopbackResponse Compressed(string json, string encoding = "gzip", int status = 200) => new(status, json) { Encoding = encoding };

    private static string TwoQuestions(int quotaRemaining = 9_000, int? backoff = null) => ApiShapes.StackExchange(ApiShapes.Questions(
        new ApiShapes.Question(11, "Unable to resolve service for type &#39;IFoo&#39;", "https://stackoverflow.com/questions/11/unable-to-resolve", 102),
        new ApiShapes.Question(12, "DI fails in tests", "https://stackoverflow.com/questions/12/di-fails", null)), quotaRemaining, backoff);

    private static string TwoAnswers() => ApiShapes.StackExchange(ApiShapes.Answers(
        new ApiShapes.Answer(101, 11, false, 50, "<p>Not this one.</p>"),
        new ApiShapes.Answer(102, 11, true, 7, "<p>Register it with <code>services.AddScoped&lt;IFoo, Foo&gt;()</code>:</p><pre><code>services.AddScoped&lt;IFoo, Foo&gt;();</code></pre>"),
        new ApiShapes.Answer(103, 12, false, 3, "<p>Build the provider with ValidateOnBuild.</p>")));

    private static ResearchTestHost Host(LoopbackHttpServer server, TimeProvider? clock = null, string? maxBackoffWait = null) => ResearchTestHost.Create(new Dictionary<string, string?>
    {
        ["Research:StackExchange:BaseUrl"] = server.BaseAddress.ToString(),
        ["Research:StackExchange:MaxBackoffWait"] = maxBackoffWait ?? "00:00:10",
    }, clock);

    private static Task<SolutionSearch> Search(ResearchTestHost host, string text, CancellationToken cancellationToken) =>
        host.Get<SolutionFinder>().SearchAsync(new FindingQuery(text), [SourceList.StackOverflow], cancellationToken);

    [TestMethod]
    [DataRow("gzip")]
    [DataRow("deflate")]
    public async Task Compressed_answers_become_findings_citing_the_question_with_its_accepted_answer(string encoding)
    {
        await using var server = new LoopbackHttpServer()
            .Map(SearchPath, Compressed(TwoQuestions(), encoding))
            .Map(AnswersPath, Compressed(TwoAnswers(), encoding));
        await using var host = Host(server);

        var search = await Search(host, "Unable to resolve service for type IFoo", TestContext.CancellationToken);

        Assert.IsEmpty(search.Problems);
        Assert.HasCount(2, search.Findings);
        var first = search.Findings[0];
        Assert.AreEqual("stackoverflow", first.Source);
        Assert.AreEqual("Unable to resolve service for type 'IFoo'", first.Title);
        Assert.AreEqual("https://stackoverflow.com/questions/11/unable-to-resolve", first.Url);
        Assert.Contains("services.AddScoped<IFoo, Foo>()", first.Excerpt);
        Assert.DoesNotContain("Not this one", first.Excerpt);
        Assert.Contains("ValidateOnBuild", search.Findings[1].Excerpt);
        var query = server.RequestsTo(SearchPath).Single().Query;
        Assert.AreEqual("Unable to resolve service for type IFoo", query["q"]);
        Assert.AreEqual("True", query["accepted"]);
        Assert.AreEqual("withbody", query["filter"]);
        Assert.AreEqual("stackoverflow", query["site"]);
        Assert.AreEqual("relevance", query["sort"]);
        Assert.AreEqual("votes", server.RequestsTo(AnswersPath).Single().Query["sort"]);
    }

    [TestMethod]
    [DataRow(429)]
    [DataRow(503)]
    public async Task A_429_or_5xx_is_retried_and_the_second_attempt_answers(int status)
    {
        await using var server = new LoopbackHttpServer()
            .Map(SearchPath, new LoopbackResponse(status, "{}") { Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } }, Compressed(TwoQuestions()))
            .Map(AnswersPath, Compressed(TwoAnswers()));
        await using var host = Host(server);

        var search = await Search(host, "retry me", TestContext.CancellationToken);

        Assert.IsEmpty(search.Problems);
        Assert.HasCount(2, search.Findings);
        Assert.HasCount(2, server.RequestsTo(SearchPath));
    }

    [TestMethod]
    public async Task The_error_wrapper_becomes_a_problem_naming_the_error_not_an_exception()
    {
        await using var server = new LoopbackHttpServer()
            .Map(SearchPath, Compressed(ApiShapes.StackExchangeError(400, "bad_parameter", "site is required"), status: 400));
        await using var host = Host(server);

        var search = await Search(host, "anything", TestContext.CancellationToken);

        Assert.IsEmpty(search.Findings);
        Assert.Contains("stackoverflow: Stack Exchange: search/advanced failed with error 400 bad_parameter: site is required", search.Problems.Single());
    }

    [TestMethod]
    public async Task Malformed_json_is_reported_as_such()
    {
        await using var server = new LoopbackHttpServer().Map(SearchPath, Compressed("{\"items\": [ {\"question_id\": "));
        await using var host = Host(server);

        var search = await Search(host, "anything", TestContext.CancellationToken);

        Assert.IsEmpty(search.Findings);
        Assert.Contains("not the API's JSON", search.Problems.Single());
    }

    [TestMethod]
    public async Task A_backoff_longer_than_the_wait_allowed_stops_calls_to_that_method_until_it_has_passed()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        await using var server = new LoopbackHttpServer()
            .Map(SearchPath, Compressed(TwoQuestions(backoff: 30)), Compressed(TwoQuestions()))
            .Map(AnswersPath, Compressed(TwoAnswers()));
        await using var host = Host(server, clock, maxBackoffWait: "00:00:05");

        var first = await Search(host, "first question", TestContext.CancellationToken);
        var refused = await Search(host, "second question", TestContext.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(31));
        var later = await Search(host, "third question", TestContext.CancellationToken);

        Assert.HasCount(2, first.Findings);
        Assert.IsEmpty(refused.Findings);
        Assert.Contains("back off from search/advanced for 30 more second(s)", refused.Problems.Single());
        Assert.HasCount(2, later.Findings);
        CollectionAssert.AreEqual(new[] { "first question", "third question" }, server.RequestsTo(SearchPath).Select(r => r.Query["q"]).ToList());
    }

    [TestMethod]
    public async Task With_the_quota_used_up_no_further_call_is_made_and_the_note_says_so()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        await using var server = new LoopbackHttpServer()
            .Map(SearchPath, Compressed(TwoQuestions()))
            .Map(AnswersPath, Compressed(ApiShapes.StackExchange(ApiShapes.Answers(), quotaRemaining: 0)));
        await using var host = Host(server, clock);

        var first = await Search(host, "first", TestContext.CancellationToken);
        var second = await Search(host, "second", TestContext.CancellationToken);

        Assert.HasCount(2, first.Findings);
        Assert.Contains("quota is used up (quota_remaining 0)", second.Problems.Single());
        Assert.Contains("2026-12-07 00:00", second.Problems.Single());
        Assert.HasCount(1, server.RequestsTo(SearchPath));
    }

    [TestMethod]
    public async Task A_slow_service_times_out_into_a_problem_instead_of_failing()
    {
        await using var server = new LoopbackHttpServer().Map(SearchPath, Compressed(TwoQuestions()) with { Delay = TimeSpan.FromMinutes(5) });
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>
        {
            ["Research:StackExchange:BaseUrl"] = server.BaseAddress.ToString(),
            ["Research:Http:AttemptTimeout"] = "00:00:00.200",
            ["Research:Http:TotalTimeout"] = "00:00:00.500",
            ["Research:Http:MaxRetries"] = "1",
        });

        var search = await Search(host, "slow", TestContext.CancellationToken);

        Assert.IsEmpty(search.Findings);
        Assert.Contains("no answer in time", search.Problems.Single());
    }

    [TestMethod]
    public void A_base_address_that_is_no_url_fails_validation_with_the_key_named()
    {
        var options = new StackExchangeOptions { BaseUrl = "api.stackexchange.com" };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        Assert.Contains("Research:StackExchange:BaseUrl 'api.stackexchange.com' is no http(s) address", errors.Single().ErrorMessage!);
    }
}
