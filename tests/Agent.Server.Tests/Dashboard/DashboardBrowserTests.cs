using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agent.Server.Tests.Browser;
using Microsoft.Playwright;

namespace Agent.Server.Tests.Dashboard;

/// <summary>
/// The monitoring dashboard in Debian's Chromium against the real server: login, charts drawn from a real cycle's data
/// (compared point by point with the API), approving from the dashboard, the emergency stop button, live updates (SSE)
/// of changes made through the CLI, and no access without credentials. Screenshots go to TestResults/studio-browser/.
/// </summary>
[TestClass]
[TestCategory("Browser")]
[TestCategory("Slow")]
public sealed class DashboardBrowserTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Without_credentials_the_page_sends_to_the_login_the_api_and_events_refuse_and_bad_input_changes_nothing()
    {
        await using var world = await DashboardWorld.CreateAsync();
        await world.StartServerAsync(Token);
        using var anonymous = world.Http(anonymous: true);
        foreach (var path in new[] { "/dashboard/api/kpis", "/dashboard/api/cycles", "/dashboard/api/approvals", "/dashboard/api/stop", "/dashboard/events" })
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Token)).StatusCode, path);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/dashboard/api/stop", new { action = "engage" }, Token)).StatusCode);
        Assert.IsFalse((await world.GetAsync("stop", Token)).GetProperty("engaged").GetBoolean(), "an anonymous POST engaged nothing");

        using var http = world.Http();
        var bad = await http.PostAsJsonAsync("/dashboard/api/stop", new { action = "maybe" }, Token);
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains(await bad.Content.ReadAsStringAsync(Token), "engage");
        Assert.IsFalse((await world.GetAsync("stop", Token)).GetProperty("engaged").GetBoolean());
        Assert.AreEqual(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/dashboard/api/approvals/nope", new { decision = "approve" }, Token)).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard/api/cycles/nope/diff", Token)).StatusCode);

        await using var browser = await StudioBrowser.LaunchAsync("dashboard-anonymous");
        var page = browser.Page;
        await page.GotoAsync(new Uri(world.BaseAddress, "/dashboard").ToString());
        await page.WaitForURLAsync("**/studio/login?returnUrl=%2Fdashboard");
        await browser.ShotAsync("sent-to-login");
        await LogInAsync(browser, world);
        Assert.AreEqual("No cycles yet.", (await page.Locator("#cycles td").TextContentAsync())?.Trim());
        Assert.IsTrue(await page.Locator("#kpi-empty").IsVisibleAsync(), "the KPI charts say there is nothing yet");
        Assert.IsFalse(await page.Locator("#kpi-charts").IsVisibleAsync(), "and no empty chart is drawn");
        Assert.AreEqual("No approvals waiting.", (await page.Locator("#approvals td").TextContentAsync())?.Trim());
        await browser.ShotAsync("empty-dashboard");
        AssertNoPageErrors(browser);
    }

    [TestMethod]
    public async Task After_a_real_cycle_the_charts_show_its_KPIs_and_measurements_and_the_cycle_links_its_diff()
    {
        await using var world = await DashboardWorld.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var run = await world.Cli.RunAsync("run", CycleDefinitionFile, "--input", $"targetPath={world.Target}", "--json");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var instanceId = run.Json().GetProperty("instanceId").GetString()!;
        var summary = run.Json().GetProperty("variables").GetProperty("summary");
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), run.ToString());
        var commit = summary.GetProperty("commit").GetString()!;
        await world.StartServerAsync(Token);

        var points = (await world.GetAsync("kpis", Token)).GetProperty("points").EnumerateArray().ToList();
        Assert.IsNotEmpty(points, "the cycle's attempt makes a KPI point");
        Assert.AreEqual(1.0, points[^1].GetProperty("autonomyRate").GetDouble(), "the merged change needed no human");
        var targets = (await world.GetAsync("targets", Token)).GetProperty("targets").EnumerateArray().ToList();
        var target = targets.Single(t => t.GetProperty("target").GetString() == world.Target);
        var measured = target.GetProperty("points").EnumerateArray().ToList();
        Assert.IsNotEmpty(measured, "the cycle measured its target");

        await using var browser = await StudioBrowser.LaunchAsync("dashboard-cycle");
        var page = browser.Page;
        await LogInAsync(browser, world);
        foreach (var (chart, field) in new[] { ("autonomy", "autonomyRate"), ("velocity", "improvementsPerDay"), ("recovery", "errorRecoveryRate"), ("learning", "attemptsPerSuccess"), ("resources", "usdPerAccepted") })
        {
            var labels = await page.EvaluateAsync<string[]>($"() => window.agentDashboard.state.charts.{chart}.data.labels");
            var drawn = await page.EvaluateAsync<double?[]>($"() => window.agentDashboard.state.charts.{chart}.data.datasets[0].data");
            var shown = await page.EvaluateAsync<int>($"() => window.agentDashboard.state.charts.{chart}.getDatasetMeta(0).data.length");
            CollectionAssert.AreEqual(points.Select(p => p.GetProperty("day").GetString()).ToArray(), labels, $"{chart}: one label per day of the API");
            CollectionAssert.AreEqual(points.Select(p => Number(p.GetProperty(field))).ToArray(), drawn, $"{chart}: the API's values");
            Assert.AreEqual(points.Count, shown, $"{chart}: Chart.js drew every point");
        }
        var testsPassed = await page.EvaluateAsync<double?[]>(
            "t => window.agentDashboard.state.targetCharts[t].data.datasets.find(d => d.label === 'tests.passed').data", world.Target);
        CollectionAssert.AreEqual(measured.Select(p => (double?)p.GetProperty("metrics").GetProperty("tests.passed").GetDouble()).ToArray(), testsPassed, "tests passed per measurement");
        Assert.IsTrue(await page.Locator($"figure[data-target='{world.Target}'] canvas").IsVisibleAsync());
        await browser.ShotAsync("charts");

        var row = page.Locator($"#cycles tr[data-instance='{instanceId}']");
        StringAssert.Contains(await row.TextContentAsync(), "merged");
        await row.Locator("a.dash-diff-link").ClickAsync();
        await page.Locator("#diff-text").WaitForAsync();
        var diff = await page.Locator("#diff-text").TextContentAsync();
        StringAssert.Contains(diff, "commit " + commit);
        StringAssert.Contains(diff, "diff --git");
        Assert.AreEqual(TestGit.Run(world.Target!, "show", "--stat", "--patch", "--no-color", "--format=fuller", commit), diff, "the diff is the merged commit's, as git shows it");
        await page.Locator("#diff").ScrollIntoViewIfNeededAsync();
        await browser.ShotAsync("cycle-diff");
        AssertNoPageErrors(browser);
    }

    [TestMethod]
    public async Task An_approval_started_from_the_cli_appears_live_and_approving_it_on_the_dashboard_resumes_the_instance()
    {
        await using var world = await DashboardWorld.CreateAsync();
        await world.StartServerAsync(Token);
        await using var browser = await StudioBrowser.LaunchAsync("dashboard-approval");
        var page = browser.Page;
        await LogInAsync(browser, world);
        await page.EvaluateAsync("() => { window.sameDocument = 'yes'; }");
        await browser.ShotAsync("no-approvals");

        var file = world.Cli.WriteFile("approval.json", ApprovalDefinition);
        var started = await world.Cli.RunAsync("run", file, "--json");
        Assert.AreEqual(0, started.ExitCode, started.ToString());
        var instanceId = started.Json().GetProperty("instanceId").GetString()!;
        var row = page.Locator("#approvals tr[data-approval]");
        await row.WaitForAsync(new() { Timeout = 15_000 });
        Assert.AreEqual("yes", await page.EvaluateAsync<string>("() => window.sameDocument"), "the row came by the event stream, without a reload");
        StringAssert.Contains(await row.TextContentAsync(), "Merge agent/fix-calc");
        StringAssert.Contains(await row.TextContentAsync(), instanceId);
        await browser.ShotAsync("approval-waiting");

        await row.Locator("input").FillAsync("looks right");
        await row.Locator("button.dash-approve").ClickAsync();
        await page.Locator("#approvals tr[data-approval]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        var instance = await world.InstanceAsync(instanceId);
        Assert.AreEqual("Finished", instance.GetProperty("status").GetString(), instance.ToString());
        Assert.AreEqual("merged", instance.GetProperty("output")[0].GetString(), "the Approved path ran");
        using var http = world.Http();
        var history = (await http.GetFromJsonAsync<JsonElement>("/api/approvals/history", Token))[0];
        Assert.AreEqual(("Approved", DashboardWorld.UserName, "looks right"), (history.GetProperty("decision").GetString(), history.GetProperty("by").GetString(), history.GetProperty("comment").GetString()),
            "the same audit as 'agent approve', with the logged-in user");
        await browser.ShotAsync("approved");
        AssertNoPageErrors(browser);
    }

    [TestMethod]
    public async Task A_cycle_waiting_at_its_approval_gate_is_listed_and_approving_it_on_the_dashboard_merges_its_change()
    {
        await using var world = await DashboardWorld.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        world.Cli.With("Validation:AlwaysNeedApproval", "true");
        var before = TestGit.Head(world.Target!);
        var run = await world.Cli.RunAsync("run", CycleDefinitionFile, "--input", $"targetPath={world.Target}", "--json");
        Assert.AreEqual("Suspended", run.Json().GetProperty("status").GetString(), run.ToString());
        var instanceId = run.Json().GetProperty("instanceId").GetString()!;
        await world.StartServerAsync(Token);
        await using var browser = await StudioBrowser.LaunchAsync("dashboard-cycle-approval");
        var page = browser.Page;
        await LogInAsync(browser, world);

        var row = page.Locator("#approvals tr[data-approval]");
        Assert.AreEqual(1, await row.CountAsync());
        StringAssert.Contains(await row.TextContentAsync(), instanceId);
        StringAssert.Contains(await page.Locator($"#cycles tr[data-instance='{instanceId}']").TextContentAsync(), "Suspended");
        await browser.ShotAsync("cycle-waiting-for-approval");
        await row.Locator("button.dash-approve").ClickAsync();
        await page.Locator("#approvals tr[data-approval]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 60_000 });
        await Assertions.Expect(page.Locator($"#cycles tr[data-instance='{instanceId}']")).ToContainTextAsync("merged", new() { Timeout = 60_000 });

        var instance = await world.InstanceAsync(instanceId);
        Assert.AreEqual("Finished", instance.GetProperty("status").GetString());
        var summary = instance.GetProperty("variables").GetProperty("summary");
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), summary.ToString());
        Assert.AreEqual(summary.GetProperty("commit").GetString(), TestGit.Head(world.Target!), "the approved change is merged");
        Assert.AreEqual(before, TestGit.Run(world.Target!, "rev-parse", "HEAD~1").Trim(), "as one commit");
        await browser.ShotAsync("cycle-approved-and-merged");
        AssertNoPageErrors(browser);
    }

    [TestMethod]
    public async Task A_failed_kpi_load_shows_its_error_and_the_next_load_still_draws_the_charts()
    {
        await using var world = await DashboardWorld.CreateAsync();
        await world.StartServerAsync(Token);
        await using var browser = await StudioBrowser.LaunchAsync("dashboard-kpi-retry");
        var page = browser.Page;
        // The first KPI request fails, as when the server is briefly unavailable; the event stream's first message
        // (every topic) loads the page again, and that load must find the canvases where they were.
        var kpiRequests = 0;
        await page.RouteAsync("**/dashboard/api/kpis", async route =>
        {
            if (Interlocked.Increment(ref kpiRequests) == 1)
                await route.FulfillAsync(new() { Status = 503, ContentType = "application/json", Body = "{\"detail\":\"briefly unavailable\"}" });
            else await route.ContinueAsync();
        });
        await LogInAsync(browser, world);
        await page.WaitForFunctionAsync("() => Number(document.body.getAttribute('data-loads')) >= 2", null, new() { Timeout = 15_000 });

        Assert.IsGreaterThanOrEqualTo(2, Volatile.Read(ref kpiRequests));
        foreach (var chart in new[] { "autonomy", "velocity", "recovery", "learning", "resources" })
            Assert.IsTrue(await page.EvaluateAsync<bool>($"() => !!window.agentDashboard.state.charts.{chart}"), $"{chart}: drawn after the failed load");
        Assert.IsTrue(await page.Locator("#kpi-error").IsHiddenAsync(), "the error is gone once a load succeeded");
        await browser.ShotAsync("kpis-after-a-failed-load");
    }

    [TestMethod]
    public async Task A_stop_engaged_and_released_through_the_cli_shows_on_the_page_without_a_reload()
    {
        await using var world = await DashboardWorld.CreateAsync();
        await world.StartServerAsync(Token);
        await using var browser = await StudioBrowser.LaunchAsync("dashboard-live-stop");
        var page = browser.Page;
        await LogInAsync(browser, world);
        await page.EvaluateAsync("() => { window.sameDocument = 'yes'; }");
        StringAssert.Contains(await page.Locator("#stop-state").TextContentAsync(), "Not engaged");

        Assert.AreEqual(0, (await world.Cli.RunAsync("stop", "--reason", "maintenance", "--by", "operator")).ExitCode);
        await Assertions.Expect(page.Locator("#stop-state")).ToContainTextAsync("ENGAGED by operator", new() { Timeout = 10_000 });
        StringAssert.Contains(await page.Locator("#stop-state").TextContentAsync(), "maintenance");
        await browser.ShotAsync("engaged-from-cli");
        Assert.AreEqual(0, (await world.Cli.RunAsync("stop", "--clear")).ExitCode);
        await Assertions.Expect(page.Locator("#stop-state")).ToContainTextAsync("Not engaged", new() { Timeout = 10_000 });
        Assert.AreEqual("yes", await page.EvaluateAsync<string>("() => window.sameDocument"), "no reload");
        Assert.AreEqual("live", await page.Locator("#dash-live").TextContentAsync());
        await browser.ShotAsync("released-from-cli");
        AssertNoPageErrors(browser);
    }

    [TestMethod]
    public async Task The_stop_button_stops_a_running_cycle_and_shows_the_stop_engaged()
    {
        await using var world = await DashboardWorld.CreateAsync("node-strings", "cycle-stall.json", Token);
        await PublishCycleAsync(world, "*/2 * * * * ?");
        await world.StartServerAsync(Token);
        await using var browser = await StudioBrowser.LaunchAsync("dashboard-stop");
        var page = browser.Page;
        await LogInAsync(browser, world);

        // The cron fires the cycle; it waits on its Claude job while Claude waits on the stalled model.
        string? running = null;
        for (var i = 0; i < 600 && running is null; i++)
        {
            var cycles = (await world.GetAsync("cycles", Token)).EnumerateArray().ToList();
            running = cycles.FirstOrDefault(c => c.GetProperty("status").GetString() is "Running" or "Suspended" && world.Model.Log.InFlight > 0) is { ValueKind: JsonValueKind.Object } c
                ? c.GetProperty("instanceId").GetString() : null;
            if (running is null) await Task.Delay(200, Token);
        }
        Assert.IsNotNull(running, "a cycle started and reached Claude");
        var row = page.Locator($"#cycles tr[data-instance='{running}']");
        await row.WaitForAsync(new() { Timeout = 15_000 });
        await browser.ShotAsync("cycle-running");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#stop-button").ClickAsync();
        await Assertions.Expect(page.Locator("#stop-state")).ToContainTextAsync($"ENGAGED by {DashboardWorld.UserName}", new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToContainTextAsync("Cancelled", new() { Timeout = 30_000 });
        var instance = await world.InstanceAsync(running);
        Assert.AreEqual("Cancelled", instance.GetProperty("status").GetString(), "the running cycle ended as stopped");
        Assert.IsTrue((await world.GetAsync("stop", Token)).GetProperty("engaged").GetBoolean());
        await browser.ShotAsync("stopped");

        // Released from the same button (after pausing the cron, so no new cycle starts while the test ends).
        Assert.AreEqual(0, (await world.Cli.RunAsync("schedule", "pause", "improvement-cycle")).ExitCode);
        await page.Locator("#stop-button").ClickAsync();
        await Assertions.Expect(page.Locator("#stop-state")).ToContainTextAsync("Not engaged", new() { Timeout = 10_000 });
        await browser.ShotAsync("released");
        AssertNoPageErrors(browser);
    }

    private static string CycleDefinitionFile => Path.Combine(AgentRepository.Root, "workflows", "improvement-cycle.json");

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private static async Task LogInAsync(StudioBrowser browser, DashboardWorld world)
    {
        var page = browser.Page;
        if (!page.Url.Contains("/studio/login", StringComparison.Ordinal)) await page.GotoAsync(new Uri(world.BaseAddress, "/dashboard").ToString());
        await page.WaitForURLAsync("**/studio/login**");
        await page.FillAsync("input[name=username]", DashboardWorld.UserName);
        await page.FillAsync("input[name=password]", DashboardWorld.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/dashboard");
        // Loaded once, and the event stream is open.
        await page.Locator("body[data-loads]").WaitForAsync();
        await Assertions.Expect(page.Locator("#dash-live")).ToHaveTextAsync("live", new() { Timeout = 15_000 });
    }

    private static void AssertNoPageErrors(StudioBrowser browser)
    {
        lock (browser.Failures) Assert.IsEmpty(browser.Failures.Where(f => f.StartsWith("page error", StringComparison.Ordinal)), string.Join("\n", browser.Failures));
    }

    private static async Task PublishCycleAsync(DashboardWorld world, string cron)
    {
        var json = (await File.ReadAllTextAsync(CycleDefinitionFile)).Replace("0 0 2 * * ?", cron, StringComparison.Ordinal);
        var imported = await world.Cli.RunAsync("workflows", "import", world.Cli.WriteFile("cycle.json", json));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        var published = await world.Cli.RunAsync("workflows", "publish", "improvement-cycle");
        Assert.AreEqual(0, published.ExitCode, published.ToString());
    }

    private const string ApprovalDefinition = """
        {
          "definitionId": "dashboard-approval", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "approve", "type": "Agent.HumanApproval",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Merge agent/fix-calc" } },
                "diffStat": { "typeName": "String", "expression": { "type": "Literal", "value": " src/Calc.cs | +1 -1" } } },
              { "id": "merged", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "merged" } } },
              { "id": "discarded", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "discarded" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "approve", "port": "In" } },
              { "source": { "activity": "approve", "port": "Approved" }, "target": { "activity": "merged", "port": "In" } },
              { "source": { "activity": "approve", "port": "Rejected" }, "target": { "activity": "discarded", "port": "In" } }
            ]
          }
        }
        """;
}
