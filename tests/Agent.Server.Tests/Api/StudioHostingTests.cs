using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Agent.Server.Tests.Api;

/// <summary>The Studio's files and our host pages, as a browser fetches them.</summary>
[TestClass]
public sealed class StudioHostingTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Studio_files_are_served_with_blazor_types_and_precompressed_variants()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();
        var framework = Path.Combine(AgentRepository.Root, "tools/elsa-studio/node_modules/@elsa-workflows/elsa-studio-wasm/_framework");
        var wasm = Path.GetFileName(Directory.GetFiles(framework, "*.wasm").First());
        var dat = Directory.GetFiles(framework, "*.dat").Select(Path.GetFileName).FirstOrDefault();

        using var plain = await site.GetAsync($"/studio/_framework/{wasm}", Token);
        Assert.AreEqual(HttpStatusCode.OK, plain.StatusCode);
        Assert.AreEqual("application/wasm", plain.Content.Headers.ContentType?.MediaType);
        Assert.IsFalse(plain.Content.Headers.ContentEncoding.Any());
        CollectionAssert.AreEqual(await File.ReadAllBytesAsync(Path.Combine(framework, wasm), Token), await plain.Content.ReadAsByteArrayAsync(Token));

        foreach (var (accept, encoding, extension) in new[] { ("br, gzip", "br", ".br"), ("gzip", "gzip", ".gz") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/_framework/{wasm}");
            request.Headers.AcceptEncoding.ParseAdd(accept);
            using var compressed = await site.SendAsync(request, Token);
            Assert.AreEqual(encoding, compressed.Content.Headers.ContentEncoding.Single());
            Assert.AreEqual("application/wasm", compressed.Content.Headers.ContentType?.MediaType);
            CollectionAssert.AreEqual(await File.ReadAllBytesAsync(Path.Combine(framework, wasm + extension), Token), await compressed.Content.ReadAsByteArrayAsync(Token));
        }
        if (dat is not null)
            Assert.AreEqual("application/octet-stream", (await site.GetAsync($"/studio/_framework/{dat}", Token)).Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("text/javascript", (await site.GetAsync("/studio/_framework/blazor.webassembly.js", Token)).Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(HttpStatusCode.NotFound, (await site.GetAsync("/studio/index.html", Token)).StatusCode, "the package's demo page is not served");

        var settings = JsonDocument.Parse(await site.GetStringAsync("/studio/appsettings.json", Token)).RootElement;
        Assert.AreEqual(new Uri(server.BaseAddress, "/elsa/api").ToString(), settings.GetProperty("backend").GetProperty("url").GetString());
    }

    [TestMethod]
    public async Task Host_pages_put_one_element_each_and_the_studios_own_routes_lead_to_them()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var site = server.Site();
        foreach (var (path, element) in new[]
        {
            ("/studio/definitions", "elsa-workflow-definition-list"), ("/studio/definitions/improvement-cycle", "elsa-workflow-definition-editor"),
            ("/studio/instances", "elsa-workflow-instance-list"), ("/studio/instances/abc", "elsa-workflow-instance-viewer"),
        })
        {
            var html = await site.GetStringAsync(path, Token);
            StringAssert.Contains(html, $"\"element\":\"{element}\"", path);
            StringAssert.Contains(html, "<base href=\"/studio/\" />");
            StringAssert.Contains(html, "_framework/blazor.webassembly.js");
            StringAssert.Contains(html, "agent-user", "the header shows the user");
        }
        StringAssert.Contains(await site.GetStringAsync("/studio/definitions/improvement-cycle", Token), "\"definition-id\":\"improvement-cycle\"");
        StringAssert.Contains(await site.GetStringAsync("/studio/login", Token), "agent/login.js");
        StringAssert.Contains(await site.GetStringAsync("/studio/approvals", Token), "Agent.HumanApproval");
        Assert.AreEqual("/studio/instances/abc", (await site.GetAsync("/studio/workflows/instances/abc/view", Token)).Headers.Location?.ToString());
        Assert.AreEqual("/studio/definitions/x", (await site.GetAsync("/studio/workflows/definitions/x/edit", Token)).Headers.Location?.ToString());
        Assert.AreEqual("/studio/definitions", (await site.GetAsync("/studio", Token)).Headers.Location?.ToString());
        Assert.AreEqual("text/javascript", (await site.GetAsync("/studio/agent/studio.js", Token)).Content.Headers.ContentType?.MediaType);
    }
}
