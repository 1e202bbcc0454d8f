using Agent.Activities.Safety.Decisions;
using System.Text.RegularExpressions;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Agent.Workflows.Runtime;

namespace Agent.Server.Tests.Browser;

/// <summary>Our pages around the Studio elements: pending approvals, the instance list and viewer, and the way back to the designer.</summary>
[TestClass]
[TestCategory("Browser")]
public sealed class StudioNavigationTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Pending_bookmarks_lead_to_the_instance_viewer_and_from_there_to_the_designer()
    {
        await using var server = await StudioServer.StartAsync(Token);
        await server.Definitions.ImportAsync(WaitingDefinition, Token);
        var runtime = server.Services.GetRequiredService<WorkflowRuntime>();
        var waiting = await runtime.StartAsync(await server.Definitions.GetAsync("waits", VersionOptions.Published, Token), cancellationToken: Token);
        // The cycle that asks for this approval has a decision record: the page shows its principles and evidence.
        await server.Services.GetRequiredService<DecisionStore>().SaveAsync(new DecisionRecord(Guid.NewGuid().ToString("N"), waiting.Id, DecisionKinds.Merge,
            "fix-failing-test on agent/fix-1", "/srv/calc", [PrincipleResult.Fail(PrincipleIds.WithinGoals, DecisionOutcome.Escalate, "goal 'docs' regresses: docs.coverage 80 → 70")],
            DecisionOutcome.Escalate, ["within-goals fails: goal 'docs' regresses"], DateTimeOffset.UtcNow), Token);
        await using var browser = await StudioBrowser.LaunchAsync(nameof(Pending_bookmarks_lead_to_the_instance_viewer_and_from_there_to_the_designer));
        var page = browser.Page;

        await browser.LoginAsync(new Uri(server.BaseAddress, "/studio/approvals?activityType=Elsa.Event"), StudioServer.UserName, StudioServer.Password);
        var row = page.Locator("#agent-approvals tr", new() { HasText = "waits v1" });
        await row.WaitForAsync();
        StringAssert.Contains(await page.Locator("#agent-approvals-count").TextContentAsync(), "1 pending");
        StringAssert.Contains(await row.TextContentAsync(), "Wait for go");
        await row.GetByText("goal 'docs' regresses: docs.coverage 80 → 70").WaitForAsync();
        StringAssert.Contains(await row.TextContentAsync(), "merge: Escalate — within-goals fails: goal 'docs' regresses");
        await browser.ShotAsync("approvals");

        await row.GetByText("open instance").ClickAsync();
        await page.WaitForURLAsync($"**/studio/instances/{waiting.Id}");
        await page.GetByText("Wait for go").First.WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        await page.GetByText("Suspended").First.WaitForAsync();
        await browser.ShotAsync("instance-suspended");

        await page.Locator("#agent-nav-instances").ClickAsync();
        var listed = page.Locator("tr", new() { HasText = waiting.Id });
        await listed.WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        await browser.ShotAsync("instances");
        await listed.GetByText(waiting.Id).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/studio/instances/{waiting.Id}$"));
        await page.GetByText("Wait for go").First.WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });

        // The viewer's "Edit Workflow Definition" button (an icon; its name is only in the tooltip) opens the designer.
        await ClickIconButtonWithTooltipAsync(page, "Edit Workflow Definition");
        await page.WaitForURLAsync("**/studio/definitions/waits");
        await page.Locator(".x6-node").Nth(1).WaitForAsync(new() { Timeout = StudioBrowser.LoadTimeoutMs });
        await browser.ShotAsync("designer-from-instance");

        await page.Locator("#agent-logout").ClickAsync();
        await page.WaitForURLAsync("**/studio/login");
        await page.GotoAsync(new Uri(server.BaseAddress, "/studio/definitions").ToString());
        await page.WaitForURLAsync("**/studio/login?returnUrl=*", new() { Timeout = 10_000 });
        await browser.ShotAsync("logged-out");

        CollectionAssert.AreEqual(Array.Empty<string>(), browser.Failures, "no API call failed and no page error occurred");

        // A token the server refuses (signed with another key, not expired) also leads to the login page.
        var foreign = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "agent", Audience = "agent", Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = StudioServer.UserName, ["name"] = StudioServer.UserName },
            SigningCredentials = new(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[64]), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        await page.EvaluateAsync("token => sessionStorage.setItem('agent.studio.token', token)", foreign);
        await page.GotoAsync(new Uri(server.BaseAddress, "/studio/instances").ToString());
        await page.WaitForURLAsync("**/studio/login?returnUrl=*", new() { Timeout = 10_000 });
        StringAssert.EndsWith(browser.Failures.Single(), "/elsa/api/package/version 401", "only the token check was refused");
    }

    private static async Task ClickIconButtonWithTooltipAsync(Microsoft.Playwright.IPage page, string tooltip)
    {
        var buttons = page.Locator("button.mud-icon-button");
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            var button = buttons.Nth(i);
            if (await button.BoundingBoxAsync() is not { Y: < 150 }) continue;
            await button.HoverAsync();
            await Task.Delay(800);
            if (!await page.GetByText(tooltip).IsVisibleAsync()) continue;
            await button.ClickAsync();
            return;
        }
        Assert.Fail($"No toolbar button shows the tooltip '{tooltip}'.");
    }

    private const string WaitingDefinition = """
        { "definitionId": "waits", "name": "Waits", "version": 1, "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start", "name": "Start", "metadata": { "designer": { "position": { "x": 0, "y": 100 } } } },
              { "id": "gate", "type": "Elsa.Event", "name": "Wait for go", "metadata": { "designer": { "position": { "x": 250, "y": 100 } } },
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "go" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "gate", "port": "In" } } ] } }
        """;
}
