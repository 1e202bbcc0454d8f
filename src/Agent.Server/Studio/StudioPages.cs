using System.Net;
using System.Text;
using System.Text.Json;
using Agent.Server.Api;
using Agent.Server.Auth;
using Microsoft.Extensions.Options;

namespace Agent.Server.Studio;

/// <summary>
/// Our host pages under <see cref="BasePath"/>: one Studio element per page (the elements cannot share a page), a
/// header with the user and links, navigation through the elements' events, and the login page. The pages carry no
/// data; the elements fetch it from the API with the token the login page stored.
/// </summary>
public static class StudioPages
{
    /// <summary>Where the Studio is served.</summary>
    public const string BasePath = "/studio";

    /// <summary>The activity type whose bookmarks the approvals page lists by default.</summary>
    public const string ApprovalActivityType = "Agent.HumanApproval";

    /// <summary>Maps the pages, our script and stylesheet, and the Studio's <c>appsettings.json</c>.</summary>
    public static IEndpointRouteBuilder MapStudioPages(this IEndpointRouteBuilder endpoints)
    {
        var g = endpoints.MapGroup(BasePath).AllowAnonymous();
        g.MapGet("/", () => TypedResults.Redirect(BasePath + "/definitions"));
        g.MapGet("/appsettings.json", (HttpRequest r) => TypedResults.Json(new { Backend = new { Url = $"{r.Scheme}://{r.Host}{ElsaApi.BasePath}" } }));
        g.MapGet("/agent/studio.js", () => TypedResults.Text(StudioAssets.Script, "text/javascript", Encoding.UTF8));
        g.MapGet("/agent/login.js", () => TypedResults.Text(StudioAssets.LoginScript, "text/javascript", Encoding.UTF8));
        g.MapGet("/agent/approvals.js", () => TypedResults.Text(StudioAssets.ApprovalsScript, "text/javascript", Encoding.UTF8));
        g.MapGet("/agent/studio.css", () => TypedResults.Text(StudioAssets.Stylesheet, "text/css", Encoding.UTF8));
        g.MapGet("/login", (IOptions<AuthOptions> auth) => Html(LoginPage(auth.Value)));
        g.MapGet("/definitions", (IServiceProvider s) => ElementPage(s, "Workflows", "elsa-workflow-definition-list", new(),
            new() { ["editWorkflowDefinition"] = "definitions/{id}" }));
        g.MapGet("/definitions/{definitionId}", (string definitionId, IServiceProvider s) => ElementPage(s, "Designer", "elsa-workflow-definition-editor",
            new() { ["definition-id"] = definitionId },
            new() { ["workflowDefinitionExecuted"] = "instances/{id}" }));
        g.MapGet("/instances", (IServiceProvider s) => ElementPage(s, "Instances", "elsa-workflow-instance-list", new(),
            new() { ["viewWorkflowInstance"] = "instances/{id}" }));
        g.MapGet("/instances/{instanceId}", (string instanceId, IServiceProvider s) => ElementPage(s, "Instance", "elsa-workflow-instance-viewer",
            new() { ["instance-id"] = instanceId },
            new() { ["editWorkflowDefinition"] = "definitions/{id}" }));
        // The elements navigate on their own where no callback is given (e.g. after "Run workflow"): to the Studio's
        // own routes. Those lead to our pages.
        g.MapGet("/workflows/definitions", () => TypedResults.Redirect(BasePath + "/definitions"));
        g.MapGet("/workflows/definitions/{definitionId}/edit", (string definitionId) => TypedResults.Redirect($"{BasePath}/definitions/{Uri.EscapeDataString(definitionId)}"));
        g.MapGet("/workflows/instances", () => TypedResults.Redirect(BasePath + "/instances"));
        g.MapGet("/workflows/instances/{instanceId}/view", (string instanceId) => TypedResults.Redirect($"{BasePath}/instances/{Uri.EscapeDataString(instanceId)}"));
        g.MapGet("/approvals", (HttpRequest r, IOptions<AuthOptions> auth) => Html(ApprovalsPage(auth.Value,
            r.Query["activityType"] is { Count: > 0 } t && !string.IsNullOrWhiteSpace(t) ? t.ToString() : ApprovalActivityType)));
        return endpoints;
    }

    private static IResult ElementPage(IServiceProvider services, string title, string element, Dictionary<string, string> attributes, Dictionary<string, string> events)
    {
        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!StudioPackage.IsInstalled(services))
            return Html(Layout(title, "<p style=\"margin:1rem\">Elsa Studio is not installed on this server. Run <code>tools/elsa-studio/ensure-installed.sh</code> (or <code>./run.sh</code>) and reload.</p>", Config(auth, null, [], []), ""), 503);
        var config = Config(auth, element, attributes, events);
        return Html(Layout(title, "", config, StudioScripts));
    }

    private static string LoginPage(AuthOptions auth) => Layout("Log in", """
        <form id="agent-login" class="agent-login" autocomplete="on">
          <h2>Agent Studio</h2>
          <input name="username" placeholder="User name" autocomplete="username" required />
          <input name="password" type="password" placeholder="Password" autocomplete="current-password" required />
          <button type="submit">Log in</button>
          <div id="agent-login-error" class="agent-error"></div>
        </form>
        """, Config(auth, null, [], []) with { AuthEnabled = false }, "<script src=\"agent/login.js\"></script>", header: false);

    private static string ApprovalsPage(AuthOptions auth, string activityType) => Layout("Pending approvals", $"""
        <h3 style="margin:1rem">Pending approvals ({WebUtility.HtmlEncode(activityType)}) <small id="agent-approvals-count"></small></h3>
        <table class="agent-table"><thead><tr><th>Workflow</th><th>Activity</th><th>Waiting since</th><th>Bookmark</th><th>Decision</th><th></th></tr></thead>
        <tbody id="agent-approvals"></tbody></table>
        """, Config(auth, null, [], []) with { ActivityType = activityType }, "<script src=\"agent/approvals.js\"></script>");

    private static PageConfig Config(AuthOptions auth, string? element, Dictionary<string, string> attributes, Dictionary<string, string> events) =>
        new(!auth.Disabled, ElsaApi.BasePath, element, attributes, events, null);

    // The Studio's own stylesheets and scripts, as its index.html lists them (without the web fonts, which need the internet).
    private const string StudioStyles = """
        <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet" />
        <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css" rel="stylesheet" />
        <link href="_content/Radzen.Blazor/css/material-base.css" rel="stylesheet" />
        <link href="_content/Elsa.Studio.Shell/css/shell.css" rel="stylesheet" />
        <link href="Elsa.Studio.Host.CustomElements.styles.css" rel="stylesheet" />
        """;

    private const string StudioScripts = """
        <div id="blazor-error-ui">An unhandled error has occurred. <a href="" class="reload">Reload</a> <a class="dismiss">🗙</a></div>
        <script src="_content/BlazorMonaco/jsInterop.js"></script>
        <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
        <script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
        <script src="_content/MudBlazor/MudBlazor.min.js"></script>
        <script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
        <script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
        <script src="_framework/blazor.webassembly.js"></script>
        """;

    private static string Layout(string title, string body, PageConfig config, string scripts, bool header = true) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1.0" />
          <title>{WebUtility.HtmlEncode(title)} · Agent Studio</title>
          <base href="{BasePath}/" />
          <link rel="icon" type="image/png" sizes="32x32" href="_content/Elsa.Studio.Shell/favicon-32x32.png" />
          {(config.Element is null ? "" : StudioStyles)}
          <link href="agent/studio.css" rel="stylesheet" />
        </head>
        <body>
        {(header ? Header : "")}
        <main id="agent-main">{body}</main>
        <script>window.agentStudio = {JsonSerializer.Serialize(config, PageConfig.Json)};</script>
        {(header ? "<script src=\"agent/studio.js\"></script>" : "")}
        {scripts}
        </body>
        </html>
        """;

    private const string Header = """
        <header class="agent-header">
          <span class="agent-brand">Agent Studio</span>
          <a href="definitions" id="agent-nav-definitions">Workflows</a>
          <a href="instances" id="agent-nav-instances">Instances</a>
          <a href="approvals" id="agent-nav-approvals">Pending approvals</a>
          <span class="agent-spacer"></span>
          <span id="agent-user"></span>
          <a href="login" id="agent-logout">Log out</a>
        </header>
        """;

    private static IResult Html(string html, int status = 200) => TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private sealed record PageConfig(bool AuthEnabled, string ApiBase, string? Element, Dictionary<string, string> Attributes, Dictionary<string, string> Events, string? ActivityType)
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    }
}
