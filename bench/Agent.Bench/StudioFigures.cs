using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Agent.Server.Hosting;
using Agent.Server.Serve;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Bench;

/// <summary>
/// Figure <c>studio</c>: the Studio's two hottest calls against the real server (Kestrel, SQLite, API-key auth) with
/// 1,000 stored definitions plus the cycle: one page of the definition list as the list element asks for it, and the
/// cycle's latest version as the designer loads it. Timed per request on loopback, so the figure is an upper bound of
/// the server's time.
/// </summary>
public sealed class StudioFigures(BenchOptions options, Report report)
{
    public async Task RunAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-studio", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            // The Studio's static files sit in front of the API in the pipeline, as in production.
            var settings = BenchServer.Settings(root, ("Studio:PackageDirectory", Path.Combine(BenchServer.RepositoryRoot(), "tools/elsa-studio/node_modules/@elsa-workflows/elsa-studio-wasm")));
            await using var app = AgentServer.Build(settings);
            await app.StartAsync();
            var cycle = JsonNode.Parse(await File.ReadAllTextAsync(CycleFile()))!.AsObject();
            var definitions = app.Services.GetRequiredService<WorkflowDefinitionService>();
            const int stored = 1000;
            for (var i = 0; i < stored; i++)
            {
                var copy = cycle.DeepClone().AsObject();
                copy["definitionId"] = $"bench-{i:0000}";
                copy["id"] = $"bench-{i:0000}-v1";
                copy["name"] = $"Bench definition {i:0000}";
                await definitions.ImportAsync(copy.ToJsonString());
            }
            await definitions.ImportAsync(cycle.ToJsonString());
            Report.Progress($"studio: {stored + 1} definitions stored");

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(new Uri(address), "/elsa/api/") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", BenchServer.ApiKey);
            var samples = options.Quick ? 200 : 1000;
            var random = new Random(7);
            var list = await MeasureAsync(http, samples, () =>
                $"workflow-definitions?versionOptions=Latest&Page={random.Next(0, stored / 10)}&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending");
            var get = await MeasureAsync(http, samples, () => $"workflow-definitions/by-definition-id/{cycle["definitionId"]}?versionOptions=Latest");
            Report.Progress($"studio: list p50 {Report.F(Stats.Percentile(list, 50), "0.00")} ms, get p50 {Report.F(Stats.Percentile(get, 50), "0.00")} ms");
            var listP95 = Stats.Percentile(list, 95);
            var getP95 = Stats.Percentile(get, 95);
            report.Figure("studio-list-p95-ms", Report.F(listP95, "0.0"), "< 20", listP95 < 20, $"p50 {Report.F(Stats.Percentile(list, 50), "0.0")}, {samples} pages of 10 of {stored + 1} definitions");
            report.Figure("studio-get-p95-ms", Report.F(getP95, "0.0"), "< 20", getP95 < 20, $"p50 {Report.F(Stats.Percentile(get, 50), "0.0")}, {samples} loads of the cycle");
            await app.StopAsync();
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { /* temp is cleaned eventually */ }
        }
    }

    // Milliseconds per request, after a warm-up that is not counted.
    private static async Task<List<double>> MeasureAsync(HttpClient http, int samples, Func<string> path)
    {
        for (var i = 0; i < 50; i++) (await http.GetAsync(path())).EnsureSuccessStatusCode();
        var times = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var url = path();
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        return times;
    }

    // The repository's improvement cycle when it exists, else the test fixture that stands in for it.
    private static string CycleFile()
    {
        var real = Path.Combine(BenchServer.RepositoryRoot(), "workflows", "improvement-cycle.json");
        return File.Exists(real) ? real : Path.Combine(BenchServer.RepositoryRoot(), "tests", "Agent.Server.Tests", "Fixtures", "improvement-cycle.json");
    }
}
