using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Research;
using Agent.Activities.Research.Findings;
using Agent.Activities.Research.GitHub;
using Agent.Testing.Http;

namespace Agent.Activities.Tests.Research;

[TestClass]
public sealed class GitHubSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private static ResearchTestHost Host(LoopbackHttpServer server, TimeProvider? clock = null) =>
        ResearchTestHost.Create(new Dictionary<string, string?> { ["Research:GitHub:BaseUrl"] = server.BaseAddress.ToString() }, clock);

    private static string Issues() => ApiShapes.GitHubIssues(
        ("Crash with 'Sequence contains no elements' in 2.1", "https://github.com/acme/widgets/issues/10", "closed", "Fixed in 2.1.1: call FirstOrDefault."),
        ("Same error on startup", "https://github.com/acme/widgets/issues/11", "open", "Still seeing it."));

    [TestMethod]
    public async Task Issues_matching_the_error_are_searched_in_the_named_repository_and_cited()
    {
        await using var server = new LoopbackHttpServer().Map("/search/issues", LoopbackResponse.Json(Issues()) with { Headers = ApiShapes.GitHubRateLimit(59, Now.AddHours(1)) });
        await using var host = Host(server);

        var search = await host.Get<SolutionFinder>().SearchAsync(new FindingQuery("Sequence contains no elements", "acme/widgets"), [SourceList.GitHub], TestContext.CancellationToken);

        Assert.IsEmpty(search.Problems);
        Assert.AreEqual("https://github.com/acme/widgets/issues/10", search.Findings[0].Url);
        Assert.Contains("[closed, 3 comment(s)] Fixed in 2.1.1", search.Findings[0].Excerpt);
        Assert.HasCount(2, search.Findings);
        var q = server.RequestsTo("/search/issues").Single().Query["q"];
        Assert.Contains("Sequence contains no elements", q);
        Assert.Contains("repo:acme/widgets", q);
        Assert.Contains("type:issue", q);
    }

    [TestMethod]
    public async Task An_update_dependency_gap_searches_the_issues_of_the_packages_own_repository_found_in_its_nuspec()
    {
        await using var server = new LoopbackHttpServer().Map("/search/issues", LoopbackResponse.Json(Issues()));
        await using var host = ResearchTestHost.Create(new Dictionary<string, string?>
        {
            ["Research:GitHub:BaseUrl"] = server.BaseAddress.ToString(), ["Research:Sources"] = "github",
        });
        // The test project itself restores MSTest.TestFramework 4.5.2, so its nuspec is in the global packages folder.
        var snapshot = new MeasurementSnapshot { TargetPath = "/repo" };
        snapshot.Dependencies.Add(new DependencyStatus("nuget", "MSTest.TestFramework", "4.5.2", "9.0.0", null));
        var gap = new Gap
        {
            Key = "update-dependency:MSTest.TestFramework", TaskType = TaskTypes.UpdateDependency, GoalId = "g", GoalTitle = "fresh",
            Metric = "deps.outdated", Target = "deps.outdated ≤ 0", Subject = "MSTest.TestFramework", Summary = "Update MSTest.TestFramework",
        };

        var notes = await host.Get<IEnumerable<IResearchSource>>().OfType<ExternalResearchSource>().Single()
            .FindAsync(new ResearchQuery("/repo", gap, snapshot, ["error CS0117: 'Assert' does not contain a definition for 'IsInstanceOfType'"]), TestContext.CancellationToken);

        Assert.Contains("repo:microsoft/testfx", server.RequestsTo("/search/issues").Single().Query["q"]);
        Assert.AreEqual("https://github.com/acme/widgets/issues/10", notes[0].Url);
    }

    [TestMethod]
    public void Repository_addresses_are_read_from_github_urls_only()
    {
        Assert.AreEqual("octokit/octokit.net", PackageRepositoryLocator.FromUrl("https://github.com/octokit/octokit.net"));
        Assert.AreEqual("jonschlinkert/is-number", PackageRepositoryLocator.FromUrl("git+https://github.com/jonschlinkert/is-number.git"));
        Assert.IsNull(PackageRepositoryLocator.FromUrl("https://gitlab.com/a/b"));
    }

    [TestMethod]
    public async Task With_no_calls_remaining_nothing_is_called_until_the_reset()
    {
        var clock = new ManualClock(Now);
        await using var server = new LoopbackHttpServer().Map("/search/issues", LoopbackResponse.Json(Issues()) with { Headers = ApiShapes.GitHubRateLimit(0, Now.AddMinutes(10)) });
        await using var host = Host(server, clock);
        var finder = host.Get<SolutionFinder>();

        var first = await finder.SearchAsync(new FindingQuery("first"), [SourceList.GitHub], TestContext.CancellationToken);
        var refused = await finder.SearchAsync(new FindingQuery("second"), [SourceList.GitHub], TestContext.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(11));
        var later = await finder.SearchAsync(new FindingQuery("third"), [SourceList.GitHub], TestContext.CancellationToken);

        Assert.HasCount(2, first.Findings);
        Assert.IsEmpty(refused.Findings);
        Assert.Contains("rate limit is used up (X-RateLimit-Remaining 0); no call until it resets at 2026-12-06 10:10:00 UTC", refused.Problems.Single());
        Assert.HasCount(2, later.Findings);
        Assert.HasCount(2, server.RequestsTo("/search/issues"));
    }

    [TestMethod]
    public async Task A_403_for_the_rate_limit_blocks_further_calls_and_says_when_they_resume()
    {
        var clock = new ManualClock(Now);
        await using var server = new LoopbackHttpServer().Map("/search/issues",
            new LoopbackResponse(403, "{\"message\":\"API rate limit exceeded for 127.0.0.1.\",\"documentation_url\":\"https://docs.github.com/rest\"}") { Headers = ApiShapes.GitHubRateLimit(0, Now.AddMinutes(30)) });
        await using var host = Host(server, clock);
        var finder = host.Get<SolutionFinder>();

        var first = await finder.SearchAsync(new FindingQuery("first"), [SourceList.GitHub], TestContext.CancellationToken);
        var second = await finder.SearchAsync(new FindingQuery("second"), [SourceList.GitHub], TestContext.CancellationToken);

        Assert.Contains("rate limit is used up", first.Problems.Single());
        Assert.Contains("10:30:00 UTC", second.Problems.Single());
        Assert.HasCount(1, server.RequestsTo("/search/issues"));
    }

    [TestMethod]
    public async Task The_analyzer_reads_metadata_languages_and_the_latest_releases()
    {
        await using var server = new LoopbackHttpServer()
            .Map("/repos/acme/widgets", LoopbackResponse.Json("""
                {"id": 5, "name": "widgets", "full_name": "acme/widgets", "description": "Widgets for everyone", "html_url": "https://github.com/acme/widgets",
                 "stargazers_count": 1234, "open_issues_count": 17, "archived": false, "pushed_at": "2026-11-30T08:00:00Z",
                 "owner": {"login": "acme", "id": 1}}
                """))
            .Map("/repos/acme/widgets/languages", LoopbackResponse.Json("""{"PowerShell": 300, "C#": 98000}"""))
            .Map("/repos/acme/widgets/releases", LoopbackResponse.Json("""
                [{"id": 2, "tag_name": "v2.1.1", "name": "2.1.1", "published_at": "2026-11-20T00:00:00Z"},
                 {"id": 1, "tag_name": "v2.1.0", "name": "2.1.0", "published_at": "2026-10-01T00:00:00Z"}]
                """));
        await using var host = Host(server);

        var report = await host.Get<GitHubAnalyzer>().AnalyzeAsync("acme/widgets", 5, TestContext.CancellationToken);

        Assert.AreEqual("acme/widgets", report.FullName);
        Assert.AreEqual(1234, report.Stars);
        Assert.AreEqual(17, report.OpenIssues);
        CollectionAssert.AreEqual(new[] { "C#", "PowerShell" }, report.Languages.Select(l => l.Name).ToList());
        CollectionAssert.AreEqual(new[] { "v2.1.1", "v2.1.0" }, report.Releases.Select(r => r.Tag).ToList());
    }
}
