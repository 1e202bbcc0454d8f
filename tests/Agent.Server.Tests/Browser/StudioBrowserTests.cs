using System.Text.RegularExpressions;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Agent.Server.Tests.Browser;

/// <summary>
/// The real, unmodified Elsa Studio in Debian's Chromium against the real server: log in, list, open the designer, add
/// an activity from the toolbox, connect it, set its input, save, publish, see the version, run, see the instance and
/// its journal; and the engine runs the published definition exactly as the designer showed it.
/// </summary>
[TestClass]
[TestCategory("Browser")]
public sealed class StudioBrowserTests
{
    private const string AddedText = "added in the Studio";

    // True when what is drawn at a label's centre is part of the graph (a node, an edge), not a panel lying over it.
    private const string LabelUncovered = "e => { const r = e.getBoundingClientRect(); const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return !!hit && !!hit.closest('.x6-graph'); }";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [DataRow(StudioServer.CycleId)]
    [DataRow("agent-coordinator")]
    [DataRow("best-of-n")]
    [DataRow("consensus-review")]
    [DataRow("agent-worker")]
    public async Task A_shipped_definition_opens_in_the_designer_with_every_activity_and_connection_and_every_name_visible_at_the_default_zoom(string definitionId)
    {
        await using var server = await StudioServer.StartAsync(Token, shippedCycle: true);
        await using var browser = await StudioBrowser.LaunchAsync($"shipped-{definitionId}");
        var page = browser.Page;
        var shipped = await server.Definitions.GetAsync(definitionId, VersionOptions.Latest, Token);

        await browser.LoginAsync(new Uri(server.BaseAddress, $"/studio/definitions/{definitionId}"), StudioServer.UserName, StudioServer.Password);

        await Expect(() => page.Locator(".x6-node").CountAsync(), shipped.Root.Activities!.Count, "activities drawn");
        await Expect(() => page.Locator(".x6-edge").CountAsync(), shipped.Root.Connections!.Count, "connections drawn");
        // The toolbox has loaded (its categories are drawn last).
        await page.Locator(".mud-expand-panel-header", new() { HasText = "Claude" }).WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        await browser.ShotAsync($"shipped-{definitionId}");

        // One screen: at the zoom the designer opens with, every node's name lies inside the visible canvas.
        var canvas = (await page.Locator(".x6-graph").First.BoundingBoxAsync())!;
        var labels = page.Locator(".x6-node .activity-label");
        var names = new List<string>();
        for (var i = 0; i < await labels.CountAsync(); i++)
        {
            var label = labels.Nth(i);
            var name = (await label.TextContentAsync())!.Trim();
            var box = (await label.BoundingBoxAsync())!;
            Assert.IsTrue(box.X >= canvas.X && box.Y >= canvas.Y && box.X + box.Width <= canvas.X + canvas.Width && box.Y + box.Height <= canvas.Y + canvas.Height,
                $"'{name}' at ({box.X:0},{box.Y:0}, {box.Width:0}×{box.Height:0}) is outside the visible canvas ({canvas.X:0},{canvas.Y:0}, {canvas.Width:0}×{canvas.Height:0})");
            Assert.IsTrue(box.Height >= 10, $"'{name}' is drawn {box.Height:0.#} px high: too small to read");
            // Not covered either: the input panel below the canvas lies over the canvas's lower part.
            Assert.IsTrue(await label.EvaluateAsync<bool>(LabelUncovered), $"'{name}' is covered by another element at the default zoom");
            names.Add(name);
        }
        CollectionAssert.AreEquivalent(shipped.Root.Activities.Select(a => a.Name).ToList(), names, "every node is named, and shows its name");
    }

    [TestMethod]
    public async Task Redesign_publish_and_run_the_improvement_cycle_in_the_real_studio()
    {
        await using var server = await StudioServer.StartAsync(Token);
        await using var browser = await StudioBrowser.LaunchAsync(nameof(Redesign_publish_and_run_the_improvement_cycle_in_the_real_studio));
        var page = browser.Page;
        var original = await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Latest, Token);

        // 1. Log in; the list shows the cycle.
        await browser.LoginAsync(new Uri(server.BaseAddress, "/studio/definitions"), StudioServer.UserName, StudioServer.Password);
        var row = page.Locator("tr", new() { HasText = StudioServer.CycleId });
        await row.WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        Assert.AreEqual(StudioServer.UserName, await page.Locator("#agent-user").TextContentAsync());
        await browser.ShotAsync("list");

        // 2. Open it in the designer: every activity and connection is drawn.
        await row.ClickAsync();
        await page.WaitForURLAsync($"**/studio/definitions/{StudioServer.CycleId}");
        var nodes = page.Locator(".x6-node");
        await Expect(() => nodes.CountAsync(), original.Root.Activities!.Count, "activities drawn");
        await Expect(() => page.Locator(".x6-edge").CountAsync(), original.Root.Connections!.Count, "connections drawn");
        var labels = await page.Locator(".x6-node .activity-label").AllTextContentsAsync();
        CollectionAssert.AreEquivalent(original.Root.Activities.Select(a => a.Name).ToList(), labels.Select(l => l.Trim()).ToList());
        await browser.ShotAsync("designer");

        // 3. The toolbox lists our custom activity in its category.
        await page.Locator(".mud-expand-panel-header", new() { HasText = "Claude" }).ClickAsync();
        await page.Locator("div[draggable=true]", new() { HasText = "Claude Execute" }).WaitForAsync();
        await browser.ShotAsync("toolbox-claude");

        // 4. Drag a Write Line onto the canvas.
        await page.Locator(".mud-expand-panel-header", new() { HasText = "Primitives" }).ClickAsync();
        var before = await CellIdsAsync(page);
        var graph = page.Locator(".x6-graph").First;
        var box = (await graph.BoundingBoxAsync())!;
        await page.Locator("div[draggable=true]", new() { HasText = "Write Line" }).First
            .DragToAsync(graph, new() { TargetPosition = new() { X = box.Width * 0.45f, Y = box.Height * 0.85f } });
        await Expect(() => nodes.CountAsync(), before.Count + 1, "the dropped activity is drawn");
        var added = (await CellIdsAsync(page)).Except(before).Single();
        await browser.ShotAsync("dropped");

        // 5. Connect Keep's Done port to it.
        var from = (await page.Locator("g.x6-node[data-cell-id=\"keep\"] .x6-port-body[port=\"Done\"]").BoundingBoxAsync())!;
        var to = (await page.Locator($"g.x6-node[data-cell-id=\"{added}\"] .x6-port-body[port=\"In\"]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((from.X + to.X) / 2, (from.Y + to.Y) / 2, new() { Steps = 10 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Expect(() => page.Locator(".x6-edge").CountAsync(), original.Root.Connections.Count + 1, "the new connection is drawn");
        await browser.ShotAsync("connected");

        // 6. Change its input (the new activity is selected, so its inputs are shown).
        var text = page.Locator(".mud-input-control", new() { Has = page.Locator("label", new() { HasTextRegex = new Regex("^Text$") }) }).Locator("input").First;
        await text.FillAsync(AddedText);
        await text.PressAsync("Tab");
        await browser.ShotAsync("input-changed");

        // 7. Save.
        await page.RunAndWaitForResponseAsync(() => page.Locator(".elsa-toolbar-icon button").First.ClickAsync(),
            r => r.Url.EndsWith("/elsa/api/workflow-definitions", StringComparison.Ordinal) && r.Request.Method == "POST" && r.Status == 200);
        var draft = await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Latest, Token);
        Assert.AreEqual(2, draft.Version);
        Assert.IsFalse(draft.IsPublished, "saving stores a draft");
        AssertHasAddedLine(draft, added);
        await browser.ShotAsync("saved");

        // 8. Publish: a new published version whose stored content has the change.
        var toolbar = page.Locator("div", new() { HasText = "Auto-save" }).Filter(new() { Has = page.Locator("button.mud-success-text") }).Last;
        await page.RunAndWaitForResponseAsync(() => toolbar.Locator("button.mud-primary-text").First.ClickAsync(),
            r => r.Url.EndsWith("/elsa/api/workflow-definitions", StringComparison.Ordinal) && r.Request.Method == "POST"
                 && (r.Request.PostData ?? "").Contains("\"publish\":true", StringComparison.Ordinal) && r.Status == 200);
        await page.GetByText("Workflow published").WaitForAsync();
        var published = await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Published, Token);
        Assert.AreEqual(2, published.Version);
        AssertHasAddedLine(published, added);
        await browser.ShotAsync("published");

        // 9. The version list shows both versions, the new one published.
        await page.Locator(".mud-tab", new() { HasText = "Version history" }).ClickAsync(new() { Force = true });
        var versionRows = page.Locator("table", new() { Has = page.Locator("th", new() { HasText = "Created" }) }).Last.Locator("tbody tr");
        await versionRows.Nth(1).WaitForAsync();
        var versionsShown = (await versionRows.AllInnerTextsAsync()).Select(r => Regex.Match(r, @"^\s*(\d+)\s").Groups[1].Value).ToList();
        CollectionAssert.AreEqual(new[] { "2", "1" }, versionsShown, "versions 2 and 1 are listed, newest first");
        await browser.ShotAsync("version-history");

        // 10. Run it from the Studio: the instance view opens with the journal.
        await toolbar.Locator("button.mud-success-text").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/studio/instances/[0-9a-f]{32}$"), new() { Timeout = StudioBrowser.LoadTimeoutMs });
        var instanceId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var addedName = published.Root.Activities!.Single(a => a.Id == added).Name!;
        await page.GetByText($"{addedName}").First.WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        await page.GetByText("Write Line - Completed").Last.WaitForAsync();
        Assert.IsTrue(await page.Locator("text=" + addedName).CountAsync() >= 2, "the new activity is in the designer and the journal");
        await browser.ShotAsync("instance-journal");

        // 11. The engine ran the published definition exactly as the designer showed it.
        var store = server.Services.GetRequiredService<IWorkflowInstanceStore>();
        var instance = (await store.FindAsync(instanceId, Token))!;
        Assert.AreEqual(Agent.Workflows.Runtime.WorkflowStatus.Finished, instance.Status);
        Assert.AreEqual(published.Id, instance.DefinitionVersionId, "the run used the published version");
        var path = ExpectedPath(published);
        CollectionAssert.AreEqual(path, (await store.GetJournalAsync(instanceId, Token)).Select(e => e.ActivityId).ToList());
        CollectionAssert.AreEqual(
            path.Select(id => published.Root.Activities!.Single(a => a.Id == id)).Where(a => a.Type == "Elsa.WriteLine").Select(a => a.GetInput("text")!.Expression!.Text).ToList(),
            instance.State.OutputLines);
        Assert.AreEqual(AddedText, instance.State.OutputLines[^1]);

        // 12. The instance list shows it.
        await page.Locator("#agent-nav-instances").ClickAsync();
        await page.Locator("tr", new() { HasText = instanceId }).WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        await browser.ShotAsync("instances");
        CollectionAssert.AreEqual(Array.Empty<string>(), browser.Failures, "no API call failed and no page error occurred");
    }

    // The designer's graph as the engine should walk it: from the start along Done (and True: the fixture's decision holds).
    private static List<string> ExpectedPath(WorkflowDefinition definition)
    {
        var path = new List<string>();
        var current = definition.Root.Activities!.Single(a => a.Type == "Elsa.Start").Id;
        while (current is not null)
        {
            path.Add(current);
            current = definition.Root.Connections!.Where(c => c.Source.Activity == current && c.Source.Port is "Done" or "True")
                .Select(c => c.Target.Activity).SingleOrDefault();
        }
        return path;
    }

    private static void AssertHasAddedLine(WorkflowDefinition definition, string addedId)
    {
        var activity = definition.Root.Activities!.SingleOrDefault(a => a.Id == addedId);
        Assert.IsNotNull(activity, "the stored definition has the dropped activity");
        Assert.AreEqual("Elsa.WriteLine", activity.Type);
        Assert.AreEqual(AddedText, activity.GetInput("text")?.Expression?.Text, "the stored definition has the changed input");
        Assert.IsTrue(definition.Root.Connections!.Any(c => c.Source.Activity == "keep" && c.Source.Port == "Done" && c.Target.Activity == addedId),
            "the stored definition has the new connection");
    }

    private static async Task<List<string>> CellIdsAsync(IPage page) =>
        [.. await page.Locator(".x6-node").EvaluateAllAsync<string[]>("ns => ns.map(n => n.getAttribute('data-cell-id'))")];

    // Polls until the count matches; the designer draws asynchronously after data arrives.
    private async Task Expect(Func<Task<int>> count, int expected, string what)
    {
        var actual = -1;
        for (var waited = 0; waited < StudioBrowser.LoadTimeoutMs; waited += 200)
        {
            actual = await count();
            if (actual == expected) return;
            await Task.Delay(200, Token);
        }
        Assert.AreEqual(expected, actual, what);
    }
}
