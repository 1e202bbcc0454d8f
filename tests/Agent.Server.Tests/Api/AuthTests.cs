using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Agent.Server.Tests.Api;

/// <summary>Every API endpoint but login and health needs a token (from the login) or an API key.</summary>
[TestClass]
public sealed class AuthTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Without_credentials_the_api_and_mcp_answer_401_while_health_and_login_stay_open()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var anonymous = server.Anonymous();
        foreach (var path in new[] { "workflow-definitions", "descriptors/activities", $"workflow-definitions/by-definition-id/{StudioServer.CycleId}", "bookmarks/pending", "no-such-endpoint" })
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Token)).StatusCode, path);
        StringAssert.Contains(await (await anonymous.PostAsync($"workflow-definitions/{StudioServer.CycleId}/execute", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.Unauthorized), "identity/login");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("workflow-definitions", StudioServer.Json("{\"model\": {}}"), Token)).StatusCode);
        Assert.AreEqual(1, (await server.Definitions.ListVersionsAsync(StudioServer.CycleId, Token)).Count, "nothing was stored");

        using var site = server.Site();
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await site.PostAsync("/mcp", StudioServer.Json("{}"), Token)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await site.GetAsync("/health", Token)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await site.GetAsync("/studio/login", Token)).StatusCode);
    }

    [TestMethod]
    public async Task Login_issues_a_token_that_the_api_accepts_and_api_keys_work_too()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var anonymous = server.Anonymous();
        StringAssert.Contains(await (await anonymous.PostAsync("identity/login", StudioServer.Json(new { username = StudioServer.UserName, password = "wrong" }), Token)).ProblemAsync(HttpStatusCode.Unauthorized), "wrong");
        await (await anonymous.PostAsync("identity/login", StudioServer.Json(new { username = "nobody", password = "x" }), Token)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("identity/login", StudioServer.Json("{\"username\": 1"), Token)).ProblemAsync(HttpStatusCode.BadRequest);

        var login = await (await anonymous.PostAsync("identity/login", StudioServer.Json(new { username = StudioServer.UserName, password = StudioServer.Password }), Token)).JsonAsync();
        Assert.IsTrue(login.GetProperty("isAuthenticated").GetBoolean());
        var token = login.GetProperty("accessToken").GetString()!;
        using var bearer = server.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.AreEqual(HttpStatusCode.OK, (await bearer.GetAsync("workflow-definitions", Token)).StatusCode);

        using var forged = server.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "agent", Audience = "agent", Claims = new Dictionary<string, object> { ["sub"] = StudioServer.UserName },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[64]), SecurityAlgorithms.HmacSha256),
        }));
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await forged.GetAsync("workflow-definitions", Token)).StatusCode, "a token signed with another key");

        using var key = server.Api();
        Assert.AreEqual(HttpStatusCode.OK, (await key.GetAsync("workflow-definitions", Token)).StatusCode);
        using var header = server.Anonymous();
        header.DefaultRequestHeaders.Add("X-Api-Key", StudioServer.ApiKey);
        Assert.AreEqual(HttpStatusCode.OK, (await header.GetAsync("workflow-definitions", Token)).StatusCode);
        using var wrongKey = server.Anonymous();
        wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "not-the-key-0123456789");
        StringAssert.Contains(await (await wrongKey.GetAsync("workflow-definitions", Token)).ProblemAsync(HttpStatusCode.Unauthorized), "not valid");
    }

    [TestMethod]
    public async Task Password_guessing_is_limited_to_ten_attempts_a_minute()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var anonymous = server.Anonymous();
        for (var i = 0; i < 10; i++)
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("identity/login", StudioServer.Json(new { username = StudioServer.UserName, password = $"guess {i}" }), Token)).StatusCode);
        StringAssert.Contains(await (await anonymous.PostAsync("identity/login", StudioServer.Json(new { username = StudioServer.UserName, password = StudioServer.Password }), Token)).ProblemAsync(HttpStatusCode.TooManyRequests), "wait a minute");
        using var key = server.Api();
        Assert.AreEqual(HttpStatusCode.OK, (await key.GetAsync("workflow-definitions", Token)).StatusCode, "only the login is limited");
    }

    [TestMethod]
    public async Task The_development_switch_opens_the_api()
    {
        await using var server = await StudioServer.StartAsync(Token, authDisabled: true);
        using var anonymous = server.Anonymous();
        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync("workflow-definitions", Token)).StatusCode);
    }
}
