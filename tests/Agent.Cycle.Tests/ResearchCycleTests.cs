using Agent.Testing.Http;

namespace Agent.Cycle.Tests;

/// <summary>
/// The research engine inside a real cycle: Stack Exchange is a loopback server speaking its API (gzip bodies), the
/// cycle is configured to ask it, and the Plan prompt — as the scripted model receives it from the real Claude CLI —
/// cites the finding by its address.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ResearchCycleTests
{
    private const string AnswerUrl = "https://stackoverflow.com/questions/4242/split-on-runs-of-whitespace-in-javascript";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_stack_overflow_finding_reaches_the_models_prompt_with_its_url()
    {
        await using var stackExchange = new LoopbackHttpServer()
            .Map("/2.3/search/advanced", new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Questions(
                new ApiShapes.Question(4242, "Split on runs of whitespace in JavaScript", AnswerUrl, 4343)))) { Encoding = "gzip" })
            .Map("/2.3/questions/4242/answers", new LoopbackResponse(200, ApiShapes.StackExchange(ApiShapes.Answers(
                new ApiShapes.Answer(4343, 4242, true, 99, "<p>Use <code>text.trim().split(/\\s+/)</code>.</p>")))) { Encoding = "gzip" });
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var overrides = (Dictionary<string, string?>)f.Cli.Settings.Overrides;
        overrides["Research:Sources"] = "stackoverflow";
        overrides["Research:StackExchange:BaseUrl"] = stackExchange.BaseAddress.ToString();

        var (result, summary) = await f.RunCycleAsync();
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.HasCount(1, stackExchange.RequestsTo("/2.3/search/advanced"), "the research step asked Stack Exchange once");
        var prompt = f.Model.Log.MessagesRequests[0].Body!.Value.GetRawText();
        Assert.Contains($"(source: {AnswerUrl}, retrieved ", prompt);
        Assert.Contains("text.trim().split", prompt);
    }
}
