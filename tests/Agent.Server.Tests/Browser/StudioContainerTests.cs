using System.Text.RegularExpressions;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Microsoft.Playwright;

namespace Agent.Server.Tests.Browser;

/// <summary>
/// Elsa's container, loop and branching activities in the real Elsa Studio: each is taken from the toolbox, connected
/// and saved; activities are dropped into the embedded Body ports; and a finished run of a ForEach with a nested
/// flowchart body is opened in the instance viewer, where the body's activities and their executions are shown.
/// </summary>
[TestClass]
[TestCategory("Browser")]
[TestCategory("Slow")]
public sealed class StudioContainerTests
{
    // The browsable activities issue 19 adds, in the order they are chained: type, toolbox category and display name.
    private static readonly (string Type, string Category, string Label)[] Chain =
    [
        ("Elsa.FlowNode", "Flow", "Container"),
        ("Elsa.ForEach", "Looping", "For Each"),
        ("Elsa.For", "Looping", "For"),
        ("Elsa.While", "Looping", "While"),
        ("Elsa.ParallelForEach", "Looping", "Parallel For Each"),
        ("Elsa.If", "Branching", "If"),
        ("Elsa.Switch", "Branching", "Switch"),
        ("Elsa.Correlate", "Primitives", "Correlate"),
        ("Elsa.SetName", "Primitives", "Set Name"),
        ("GreetSomeone", "Workflows", "Greet someone"),
        ("Elsa.ExecuteWorkflow", "Composition", "Execute Workflow"),
        ("Elsa.DispatchWorkflow", "Composition", "Dispatch Workflow"),
        ("Elsa.Complete", "Composition", "Complete"),
    ];

    // A published workflow usable as an activity: the toolbox lists it under Workflows.
    private const string Greet = """
        { "definitionId": "greet", "name": "Greet someone", "version": 1, "isPublished": true, "options": { "usableAsActivity": true },
          "root": { "id": "root", "type": "Elsa.Flowchart", "activities": [], "connections": [] } }
        """;

    // Rows of the drop grid (five nodes each, the widest last), as fractions of the canvas height; the middle band is
    // where the designer shows Start.
    private static readonly float[] Rows = [0.06f, 0.27f, 0.74f];

    private const string StartOnly = """
        { "definitionId": "containers", "name": "Containers", "version": 1,
          "root": { "id": "root", "type": "Elsa.Flowchart", "activities": [
            { "id": "start", "type": "Elsa.Start", "metadata": { "designer": { "position": { "x": -400, "y": -150 } } } } ], "connections": [] } }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Each_new_activity_is_added_from_the_toolbox_connected_given_a_body_and_saved()
    {
        await using var server = await StudioServer.StartAsync(Token);
        await server.Definitions.ImportAsync(StartOnly, Token);
        await server.Definitions.ImportAsync(Greet, Token);
        await using var browser = await StudioBrowser.LaunchAsync(nameof(Each_new_activity_is_added_from_the_toolbox_connected_given_a_body_and_saved));
        await ShootOnFailureAsync(browser, () => AddConnectAndSaveAsync(server, browser));
    }

    private async Task AddConnectAndSaveAsync(StudioServer server, StudioBrowser browser)
    {
        var page = browser.Page;
        var saves = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && r.Url.EndsWith("/elsa/api/workflow-definitions", StringComparison.Ordinal))
                lock (saves) saves.Add(r.PostData ?? "");
        };
        // A wider screen than the other tests use: thirteen container-sized nodes side by side need the room.
        await page.SetViewportSizeAsync(2560, 1440);
        await browser.LoginAsync(new Uri(server.BaseAddress, "/studio/definitions/containers"), StudioServer.UserName, StudioServer.Password);
        await page.Locator("g.x6-node[data-cell-id=\"start\"]").WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });

        // 1. Each type from its toolbox category, dropped on a grid and connected from the previous one's Done port.
        var graph = page.Locator(".x6-graph").First;
        var ids = new Dictionary<string, string>();
        var previous = "start";
        for (var i = 0; i < Chain.Length; i++)
        {
            var (type, category, label) = Chain[i];
            var box = (await graph.BoundingBoxAsync())!;
            var at = new TargetPosition { X = box.Width * (0.02f + 0.19f * (i % 5)), Y = box.Height * Rows[i / 5] };
            var added = await DropAsync(page, category, label, graph, at);
            ids[type] = added;
            await ConnectAsync(page, previous, "Done", added);
            previous = added;
        }
        await Expect(() => page.Locator(".x6-edge").CountAsync(), Chain.Length, "every new activity is connected");
        await browser.ShotAsync("all-added-and-connected");

        // 2. Loops and the Container show their embedded Body port; If shows Then and Else.
        foreach (var type in new[] { "Elsa.FlowNode", "Elsa.ForEach", "Elsa.ParallelForEach", "Elsa.For", "Elsa.While" })
            await EmbeddedPort(page, ids[type], "Body").WaitForAsync();
        await EmbeddedPort(page, ids["Elsa.If"], "Then").WaitForAsync();
        await EmbeddedPort(page, ids["Elsa.If"], "Else").WaitForAsync();

        // 3. Open the ForEach's Body: the Studio puts a new flowchart there; drop a Write Line into it.
        await OpenEmptyPortAsync(page, EmbeddedPort(page, ids["Elsa.ForEach"], "Body"));
        var inBody = await DropAsync(page, "Primitives", "Write Line", graph, new TargetPosition { X = 300, Y = 200 });
        // The designer hands a nested canvas's changes to the workflow a moment after the drop (auto-save shows when);
        // leaving the canvas before that drops them.
        await Expect(() => Task.FromResult(Saved(saves, inBody)), 1, "an auto-save holds the activity dropped into the ForEach's body");
        await browser.ShotAsync("foreach-body");

        // 4. Back at the root, open the While's Body and drop a Break into it (a Break must lie inside a loop).
        await page.Locator(".mud-breadcrumb-item a", new() { HasText = "Root" }).ClickAsync();
        await page.Locator($"g.x6-node[data-cell-id=\"{ids["Elsa.While"]}\"]").WaitForAsync();
        await OpenEmptyPortAsync(page, EmbeddedPort(page, ids["Elsa.While"], "Body"));
        var breakId = await DropAsync(page, "Looping", "Break", graph, new TargetPosition { X = 300, Y = 200 });
        await Expect(() => Task.FromResult(Saved(saves, breakId)), 1, "an auto-save holds the Break dropped into the While's body");
        await browser.ShotAsync("while-body");
        await page.Locator(".mud-breadcrumb-item a", new() { HasText = "Root" }).ClickAsync();
        await page.Locator($"g.x6-node[data-cell-id=\"{ids["Elsa.ForEach"]}\"] .embedded-port-occupied[data-port-name=\"Body\"]").WaitForAsync();

        // 5. The Container's Body as a Sequence: the Studio's sequence designer stacks the activities dropped into it.
        await OpenEmptyPortAsync(page, EmbeddedPort(page, ids["Elsa.FlowNode"], "Body"), "Sequence");
        await page.Locator(".elsa-sequence-diagram-designer").WaitForAsync();
        var first = await DropAsync(page, "Primitives", "Write Line", graph, new TargetPosition { X = 300, Y = 150 });
        var second = await DropAsync(page, "Primitives", "Set Name", graph, new TargetPosition { X = 300, Y = 300 });
        await Expect(() => Task.FromResult(Saved(saves, first) * Saved(saves, second)), 1, "an auto-save holds both activities of the sequence");
        var drawnOrder = (await Task.WhenAll(new[] { first, second }.Select(async id =>
            (Id: id, (await page.Locator($"g.x6-node[data-cell-id=\"{id}\"]").BoundingBoxAsync())!.Y)))).OrderBy(n => n.Y).Select(n => n.Id).ToList();
        await browser.ShotAsync("container-sequence");
        await page.Locator(".mud-breadcrumb-item a", new() { HasText = "Root" }).ClickAsync();
        await page.Locator($"g.x6-node[data-cell-id=\"{ids["Elsa.FlowNode"]}\"] .embedded-port-occupied[data-port-name=\"Body\"]").WaitForAsync();

        // 6. Save: the stored definition holds every new activity, every connection and both bodies.
        await page.RunAndWaitForResponseAsync(() => page.Locator(".elsa-toolbar-icon button").First.ClickAsync(),
            r => r.Url.EndsWith("/elsa/api/workflow-definitions", StringComparison.Ordinal) && r.Request.Method == "POST" && r.Status == 200);
        await browser.ShotAsync("saved");
        var stored = await server.Definitions.GetAsync("containers", VersionOptions.Latest, Token);
        var activities = stored.Root.Activities!.ToDictionary(a => a.Id);
        previous = "start";
        foreach (var (type, _, _) in Chain)
        {
            Assert.AreEqual(type, activities[ids[type]].Type, $"the stored definition holds the {type} dropped in the Studio");
            Assert.IsTrue(stored.Root.Connections!.Any(c => c.Source.Activity == previous && c.Source.Port == "Done" && c.Target.Activity == ids[type]),
                $"the stored definition connects {previous} to the {type}");
            previous = ids[type];
        }
        Assert.IsTrue(activities[ids["GreetSomeone"]].TryGetProperty("workflowDefinitionId", out var greetId) && greetId.GetString() == "greet",
            "the workflow activity's node names its definition");
        AssertBody(activities[ids["Elsa.ForEach"]], inBody, "Elsa.WriteLine");
        AssertBody(activities[ids["Elsa.While"]], breakId, "Elsa.Break");
        Assert.IsTrue(activities[ids["Elsa.FlowNode"]].TryGetProperty("body", out var sequence));
        Assert.AreEqual("Elsa.Sequence", sequence.GetProperty("type").GetString());
        CollectionAssert.AreEqual(drawnOrder, sequence.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList(),
            "the sequence runs its activities in the order the designer draws them, top to bottom");
        CollectionAssert.AreEqual(Array.Empty<string>(), browser.Failures, "no API call failed and no page error occurred");
    }

    [TestMethod]
    public async Task A_finished_foreach_run_shows_its_body_activities_and_their_iterations_in_the_instance_viewer()
    {
        await using var server = await StudioServer.StartAsync(Token);
        var definition = await File.ReadAllTextAsync(StudioServer.Fixture("foreach-nested-flowchart.json"), Token);
        using (var api = server.Api())
        {
            var model = System.Text.Json.Nodes.JsonNode.Parse(definition)!;
            await (await api.PostAsync("workflow-definitions", StudioServer.Json(new System.Text.Json.Nodes.JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString()), Token)).JsonAsync();
        }
        var instanceId = await RunAsync(server);
        await using var browser = await StudioBrowser.LaunchAsync(nameof(A_finished_foreach_run_shows_its_body_activities_and_their_iterations_in_the_instance_viewer));
        await ShootOnFailureAsync(browser, () => ViewBodyAsync(server, browser, instanceId));
    }

    private async Task ViewBodyAsync(StudioServer server, StudioBrowser browser, string instanceId)
    {
        var page = browser.Page;
        await browser.LoginAsync(new Uri(server.BaseAddress, $"/studio/instances/{instanceId}"), StudioServer.UserName, StudioServer.Password);

        // The root flowchart: the ForEach with its Body port holding the nested flowchart. The journal is scoped to the
        // canvas shown: the root's activities, each once.
        await page.Locator("g.x6-node[data-cell-id=\"loop\"]").WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        var body = EmbeddedPort(page, "loop", "Body");
        await body.WaitForAsync();
        StringAssert.Contains(await body.TextContentAsync(), "Flowchart1");
        await page.GetByText("For Each - Completed").WaitForAsync();
        Assert.AreEqual(1, await page.GetByText("Write Line - Completed").CountAsync(), "at the root the journal shows the root's Write Line only");
        await browser.ShotAsync("instance-root");

        // Into the body: its activities are drawn with the count of their executions, and the journal lists each
        // iteration's executions of them.
        await ClickAsync(page, body);
        await page.Locator(".mud-breadcrumbs", new() { HasText = "Body" }).WaitForAsync();
        await Expect(() => page.GetByText("Write Line - Completed").CountAsync(), 3, "the journal lists the body's activities once per iteration", atLeast: true);
        Assert.AreEqual(0, await page.GetByText("For Each - Completed").CountAsync(), "in the body the journal shows the body's activities only");
        var fruit = page.Locator("g.x6-node[data-cell-id=\"fruit\"]");
        await fruit.WaitForAsync();
        await page.Locator("g.x6-node[data-cell-id=\"after-fruit\"]").WaitForAsync();
        await fruit.Locator(".mud-badge", new() { HasText = "3" }).WaitForAsync();
        await browser.ShotAsync("instance-body");

        // Back at the root with the journal showing every event: picking a body activity's entry opens the body
        // (the Studio asks the server where that node lies) and selects it.
        await page.Locator(".mud-breadcrumb-item a", new() { HasText = "Root" }).ClickAsync();
        await body.WaitForAsync();
        await page.Locator("button[title='Showing all events']").ClickAsync();
        var entry = page.GetByText("WriteLine2").First;
        await entry.WaitForAsync();
        await page.RunAndWaitForResponseAsync(() => entry.ClickAsync(),
            r => r.Url.Contains("/elsa/api/workflow-definitions/subgraph/segments/", StringComparison.Ordinal) && r.Status == 200);
        await page.Locator(".mud-breadcrumbs", new() { HasText = "Body" }).WaitForAsync();
        await page.Locator("g.x6-node[data-cell-id=\"after-fruit\"]").WaitForAsync();
        await browser.ShotAsync("journal-entry-opens-body");
        CollectionAssert.AreEqual(Array.Empty<string>(), browser.Failures, "no API call failed and no page error occurred");
    }

    // A screenshot of the page as it was when a step failed, next to the others.
    private static async Task ShootOnFailureAsync(StudioBrowser browser, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await browser.ShotAsync("failure");
            throw;
        }
    }

    private async Task<string> RunAsync(StudioServer server)
    {
        using var api = server.Api();
        var execute = await api.PostAsync("workflow-definitions/fruit-loop/execute", StudioServer.Json("{}"), Token);
        var state = (await execute.JsonAsync()).GetProperty("workflowState");
        Assert.AreEqual("Finished", state.GetProperty("subStatus").GetString(), "the run finished");
        return execute.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    // 1 when one of the recorded saves holds the activity, else 0.
    private static int Saved(List<string> saves, string activityId)
    {
        lock (saves) return saves.Any(s => s.Contains($"\"id\":\"{activityId}\"", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static void AssertBody(ActivityNode loop, string childId, string childType)
    {
        Assert.IsTrue(loop.TryGetProperty("body", out var body), $"the {loop.Type} has a body");
        Assert.AreEqual("Elsa.Flowchart", body.GetProperty("type").GetString(), "the Studio puts a flowchart into an empty Body");
        var children = body.TryGetProperty("activities", out var list) ? list.EnumerateArray().ToList() : [];
        Assert.AreEqual(1, children.Count, $"the {loop.Type}'s body holds the activity dropped into it: {body.GetRawText()}");
        var child = children[0];
        Assert.AreEqual(childId, child.GetProperty("id").GetString());
        Assert.AreEqual(childType, child.GetProperty("type").GetString());
    }

    private static ILocator EmbeddedPort(IPage page, string activityId, string port) =>
        page.Locator($"g.x6-node[data-cell-id=\"{activityId}\"] .embedded-port[data-port-name=\"{port}\"]");

    // Opening an empty embedded port asks what to put there ("Create Body branch": Flowchart, Sequence or State
    // machine); what is chosen opens as the canvas, with the port in the breadcrumb.
    private static async Task OpenEmptyPortAsync(IPage page, ILocator port, string arrangement = "Flowchart")
    {
        await ClickAsync(page, port);
        var dialog = page.Locator(".mud-dialog", new() { HasText = "Create Body branch" });
        await dialog.GetByText(arrangement, new() { Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await page.Locator(".mud-breadcrumbs", new() { HasText = "Body" }).WaitForAsync();
    }

    // The designer handles clicks on the node and looks at where the mouse is, so click at the element's centre.
    // The node is redrawn when its data or statistics arrive, so the element may be replaced between finding and measuring.
    private static async Task ClickAsync(IPage page, ILocator element)
    {
        for (var attempt = 0; ; attempt++)
        {
            await element.WaitForAsync(new() { State = WaitForSelectorState.Visible });
            if (await element.BoundingBoxAsync() is { } box)
            {
                await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
                return;
            }
            if (attempt == 20) Assert.Fail("The element to click kept disappearing.");
            await Task.Delay(100);
        }
    }

    // Drags a toolbox item onto the canvas and returns the new node's id.
    private async Task<string> DropAsync(IPage page, string category, string label, ILocator graph, TargetPosition at)
    {
        var item = page.Locator("div[draggable=true]").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(label)}\\s*$") }).First;
        var before = await CellIdsAsync(page);
        // On a loaded machine a drag is now and then lost (the canvas was busy re-rendering); the count tells, so a lost
        // drag is repeated, and a drag that landed twice still fails the exact count below.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await OpenCategoryAsync(page, category, item);
            await item.DragToAsync(graph, new() { TargetPosition = at });
            if (await CountReachesAsync(() => page.Locator(".x6-node").CountAsync(), before.Count + 1, TimeSpan.FromSeconds(10))) break;
        }
        await Expect(() => page.Locator(".x6-node").CountAsync(), before.Count + 1, $"the dropped {label} is drawn");
        return (await CellIdsAsync(page)).Except(before).Single();
    }

    private async Task OpenCategoryAsync(IPage page, string category, ILocator item)
    {
        if (await item.IsVisibleAsync()) return;
        await page.Locator(".mud-expand-panel-header", new() { HasTextRegex = new Regex($"^\\s*{category}\\s*$") }).ClickAsync();
        await item.WaitForAsync();
        // The panels expand and collapse with an animation; a drag started during it picks up whatever slides under it.
        await Task.Delay(600, Token);
    }

    private async Task<bool> CountReachesAsync(Func<Task<int>> count, int expected, TimeSpan within)
    {
        for (var waited = TimeSpan.Zero; waited < within; waited += TimeSpan.FromMilliseconds(200))
        {
            if (await count() >= expected) return true;
            await Task.Delay(200, Token);
        }
        return false;
    }

    private static async Task ConnectAsync(IPage page, string source, string port, string target)
    {
        var from = (await page.Locator($"g.x6-node[data-cell-id=\"{source}\"] .x6-port-body[port=\"{port}\"]").BoundingBoxAsync())!;
        var to = (await page.Locator($"g.x6-node[data-cell-id=\"{target}\"] .x6-port-body[port=\"In\"]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((from.X + to.X) / 2, (from.Y + to.Y) / 2, new() { Steps = 5 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 5 });
        await page.Mouse.UpAsync();
    }

    private static async Task<List<string>> CellIdsAsync(IPage page) =>
        [.. await page.Locator(".x6-node").EvaluateAllAsync<string[]>("ns => ns.map(n => n.getAttribute('data-cell-id'))")];

    // Polls until the count matches (or reaches it); the designer draws asynchronously after data arrives.
    private async Task Expect(Func<Task<int>> count, int expected, string what, bool atLeast = false)
    {
        var actual = -1;
        for (var waited = 0; waited < 30_000; waited += 200)
        {
            actual = await count();
            if (actual == expected || (atLeast && actual > expected)) return;
            await Task.Delay(200, Token);
        }
        Assert.AreEqual(expected, actual, what);
    }
}
