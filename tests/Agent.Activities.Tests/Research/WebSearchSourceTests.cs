using Agent.Activities.Research.Findings;
using Agent.Testing.Http;

namespace Agent.Activities.Tests.Research;

[TestClass]
public sealed class WebSearchSourceTests
{
    public TestContext TestContext { get; set; } = null!;

    private Task<SolutionSearch> Search(ResearchTestHost host, string text) =>
        host.Get<SolutionFinder>().SearchAsync(new FindingQuery(text), [SourceList.Web], TestContext.CancellationToken);

    [TestMethod]
    public async Task SearXNG_results_become_findings_and_the_json_format_is_asked_for()
    {
        await using var server = new LoopbackHttpServer().Map("/search", LoopbackResponse.Json(ApiShapes.Searxng("CS0246",
            ("Compiler Error CS0246", "https://learn.microsoft.com/dotnet/csharp/misc/cs0246", "The type or namespace name could not be found"),
            ("Fixing CS0246", "https://example.org/cs0246", "Add the using directive."))));
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>
        {
            ["Research:WebSearch:Provider"] = "searxng", ["Research:WebSearch:BaseUrl"] = server.BaseAddress.ToString(),
        });

        var search = await Search(host, "CS0246");

        CollectionAssert.AreEqual(new[] { "https://learn.microsoft.com/dotnet/csharp/misc/cs0246", "https://example.org/cs0246" }, search.Findings.Select(f => f.Url).ToList());
        Assert.AreEqual("The type or namespace name could not be found", search.Findings[0].Excerpt);
        var request = server.RequestsTo("/search").Single();
        Assert.AreEqual("json", request.Query["format"]);
        Assert.AreEqual("CS0246", request.Query["q"]);
    }

    [TestMethod]
    public async Task Brave_is_called_with_its_token_and_a_429_is_retried()
    {
        await using var server = new LoopbackHttpServer().Map("/res/v1/web/search",
            new LoopbackResponse(429, "{\"type\":\"ErrorResponse\"}") { Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } },
            LoopbackResponse.Json(ApiShapes.Brave(("NullReferenceException", "https://example.org/nre", "<strong>Object reference</strong> not set"))));
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>
        {
            ["Research:WebSearch:Provider"] = "brave", ["Research:WebSearch:BaseUrl"] = server.BaseAddress.ToString(), ["Research:WebSearch:ApiKey"] = "secret-token",
        });

        var search = await Search(host, "Object reference not set");

        Assert.IsEmpty(search.Problems);
        Assert.AreEqual("Object reference not set", search.Findings.Single().Excerpt);
        var requests = server.RequestsTo("/res/v1/web/search");
        Assert.HasCount(2, requests);
        Assert.IsTrue(requests.All(r => r.Headers["X-Subscription-Token"] == "secret-token"));
    }

    [TestMethod]
    public async Task A_provider_answering_html_instead_of_json_is_a_problem_not_a_failure()
    {
        await using var server = new LoopbackHttpServer().Map("/search", LoopbackResponse.Html("<html><body>Too many requests</body></html>"));
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>
        {
            ["Research:WebSearch:Provider"] = "searxng", ["Research:WebSearch:BaseUrl"] = server.BaseAddress.ToString(),
        });

        var search = await Search(host, "anything");

        Assert.IsEmpty(search.Findings);
        Assert.Contains("web: SearXNG: answered something that is not JSON", search.Problems.Single());
    }

    [TestMethod]
    public async Task Without_a_provider_web_search_is_skipped_with_the_reason()
    {
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>());

        var search = await Search(host, "anything");

        Assert.IsEmpty(search.Findings);
        Assert.Contains("no web search provider is configured", search.Problems.Single());
    }
}
