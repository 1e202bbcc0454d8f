using System.Reflection;
using System.Text;
using System.Text.Json;
using Agent.Server.Auth;
using Microsoft.Extensions.Options;

namespace Agent.Server.Dashboard;

/// <summary>
/// The dashboard's page and static files under <see cref="BasePath"/>: our HTML, script and stylesheet (embedded in this
/// assembly) and Chart.js from its pinned npm install. They carry no data, so they are served to anyone; the script sends
/// a visitor without a valid login token to the Studio's login page, and every data call needs the token.
/// </summary>
public static class DashboardPage
{
    /// <summary>Where the dashboard is served.</summary>
    public const string BasePath = "/dashboard";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the page and its files.</summary>
    public static IEndpointRouteBuilder MapDashboardPage(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup(BasePath).AllowAnonymous();
        g.MapGet("/", (IOptions<AuthOptions> auth) => TypedResults.Content(
            Asset("dashboard.html").Replace("__CONFIG__", JsonSerializer.Serialize(new { authEnabled = !auth.Value.Disabled }, Json), StringComparison.Ordinal),
            "text/html; charset=utf-8", Encoding.UTF8));
        g.MapGet("/dashboard.js", () => TypedResults.Text(Asset("dashboard.js"), "text/javascript", Encoding.UTF8));
        g.MapGet("/dashboard.css", () => TypedResults.Text(Asset("dashboard.css"), "text/css", Encoding.UTF8));
        g.MapGet("/chart.umd.min.js", (IServiceProvider services) =>
        {
            var path = ChartJsFile(services);
            return File.Exists(path)
                ? Results.File(path, "text/javascript")
                : Results.Text($"console.error('Chart.js is not installed at {path.Replace("'", "", StringComparison.Ordinal)}; run tools/dashboard/ensure-installed.sh (./run.sh does) and reload.');", "text/javascript", Encoding.UTF8);
        });
        return app;
    }

    /// <summary>The absolute path of Chart.js's UMD build (<see cref="DashboardOptions.ChartJsPath"/> from the content root).</summary>
    public static string ChartJsFile(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        return Path.GetFullPath(options.ChartJsPath, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
    }

    // The assets are embedded so the page works wherever agent.dll runs; only Chart.js comes from the npm install.
    private static string Asset(string name)
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Agent.Server.Dashboard." + name)
            ?? throw new InvalidOperationException($"The embedded dashboard file '{name}' is missing from {typeof(DashboardPage).Assembly.GetName().Name}; rebuild src/Agent.Server.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
