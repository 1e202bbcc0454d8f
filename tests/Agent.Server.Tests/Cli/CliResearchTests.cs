using Agent.Server.Cli;
using Agent.Testing.Http;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent research search|doc</c> against loopback servers speaking the Stack Exchange API and serving a documentation page.</summary>
[TestClass]
public sealed class CliResearchTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Search_prints_the_findings_as_json_with_source_url_and_retrieval_time_and_caches_them()
    {
        await using var server = new LoopbackHttpServer()
            .Map("/2.3/search/advanced", new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Questions(
                new ApiShapes.Question(7, "Cannot convert null to int", "https://stackoverflow.com/questions/7/cannot-convert-null", 70)))) { Encoding = "gzip" })
            .Map("/2.3/questions/7/answers", new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Answers(
                new ApiShapes.Answer(70, 7, true, 12, "<p>Use <code>int?</code>.</p>")))) { Encoding = "gzip" });
        using var cli = new CliHarness();
        ((Dictionary<string, string?>)cli.Settings.Overrides)["Research:StackExchange:BaseUrl"] = server.BaseAddress.ToString();

        var result = await cli.RunAsync("research", "search", "Cannot convert null to int", "--sources", "stackoverflow", "--json");
        var again = await cli.RunAsync("research", "search", "Cannot convert null to int", "--sources", "stackoverflow", "--json");

        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
        var finding = result.Json().GetProperty("findings").EnumerateArray().Single();
        Assert.AreEqual("stackoverflow", finding.GetProperty("source").GetString());
        Assert.AreEqual("Cannot convert null to int", finding.GetProperty("title").GetString());
        Assert.AreEqual("https://stackoverflow.com/questions/7/cannot-convert-null", finding.GetProperty("url").GetString());
        Assert.AreEqual("Use `int?`.", finding.GetProperty("excerpt").GetString());
        Assert.IsTrue(finding.GetProperty("score").GetDouble() > 0);
        Assert.IsTrue(finding.GetProperty("retrievedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.AreEqual("stackoverflow", again.Json().GetProperty("cachedSources")[0].GetString(), again.ToString());
        Assert.HasCount(1, server.RequestsTo("/2.3/search/advanced"));
    }

    [TestMethod]
    public async Task An_unknown_source_is_a_usage_error_naming_the_known_ones()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("research", "search", "anything", "--sources", "stackoverflow,bing");

        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.ToString());
        Assert.Contains("--sources names unknown source(s) bing; use some of stackoverflow,github,docs,web.", result.Error);
    }

    [TestMethod]
    public async Task Doc_refuses_an_address_that_is_not_http()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("research", "doc", "learn.microsoft.com/dotnet");

        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.ToString());
        Assert.Contains("'learn.microsoft.com/dotnet' is not an http(s) address", result.Error);
    }

    [TestMethod]
    public async Task Doc_prints_a_page_as_markdown_and_its_parts_as_json()
    {
        await using var server = new LoopbackHttpServer().Map("/docs/retry", LoopbackResponse.Html("""
            <html><head><title>Retry | Docs</title></head><body><nav><a href="/home">Home</a></nav>
            <article><h1>Retry strategy</h1><p>Retries a failed call.</p><h2 id="api"><code>AddRetry(RetryStrategyOptions options)</code></h2>
            <pre><code class="language-csharp">builder.AddRetry(new RetryStrategyOptions());</code></pre><p>See <a href="/docs/timeout">Timeout</a>.</p></article></body></html>
            """));
        using var cli = new CliHarness();
        var url = new Uri(server.BaseAddress, "docs/retry").ToString();

        var markdown = await cli.RunAsync("research", "doc", url);
        var json = await cli.RunAsync("research", "doc", url, "--json");

        Assert.AreEqual(ExitCodes.Success, markdown.ExitCode, markdown.ToString());
        Assert.Contains("# Retry strategy", markdown.Output);
        Assert.Contains("```csharp\nbuilder.AddRetry(new RetryStrategyOptions());\n```", markdown.Output);
        var page = json.Json();
        Assert.AreEqual("Retry strategy", page.GetProperty("title").GetString());
        Assert.AreEqual("AddRetry(RetryStrategyOptions options)", page.GetProperty("signatures")[0].GetString());
        Assert.AreEqual(new Uri(server.BaseAddress, "docs/timeout").ToString(), page.GetProperty("links")[0].GetProperty("url").GetString());
    }

    [TestMethod]
    public async Task Doc_of_a_missing_page_fails_with_the_status()
    {
        await using var server = new LoopbackHttpServer();
        using var cli = new CliHarness();

        var result = await cli.RunAsync("research", "doc", new Uri(server.BaseAddress, "nowhere").ToString());

        Assert.AreEqual(ExitCodes.Failed, result.ExitCode, result.ToString());
        Assert.Contains("answered HTTP 404; check the address.", result.Error);
        Assert.DoesNotContain("Unexpected", result.Error);
    }
}
