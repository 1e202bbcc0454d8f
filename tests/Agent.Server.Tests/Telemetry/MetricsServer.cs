using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Agent.Server.Auth;
using Agent.Server.Serve;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Telemetry;

/// <summary>
/// A real <c>agent serve</c> in-process (Kestrel on 127.0.0.1:0, SQLite in a fresh folder) with the shipped definitions and
/// the given extra ones imported, one API key, and the given settings.
/// </summary>
internal sealed class MetricsServer : IAsyncDisposable
{
    public const string ApiKey = "metrics-tests-api-key-0123456789";

    private readonly CliHarness _cli;
    private readonly WebApplication _app;

    private MetricsServer(CliHarness cli, WebApplication app) => (_cli, _app) = (cli, app);

    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress => new(_app.Urls.First());

    public string Folder => _cli.Folder;

    public static async Task<MetricsServer> StartAsync(IReadOnlyDictionary<string, string> definitions, CancellationToken cancellationToken,
        Action<IServiceCollection, IConfiguration>? services = null, params (string Key, string Value)[] settings)
    {
        var cli = new CliHarness();
        try
        {
            var workflows = cli.Subfolder("workflows");
            foreach (var shipped in Directory.GetFiles(Path.Combine(AgentRepository.Root, "workflows"), "*.json"))
                File.Copy(shipped, Path.Combine(workflows, Path.GetFileName(shipped)));
            foreach (var (name, json) in definitions) File.WriteAllText(Path.Combine(workflows, name + ".json"), json);
            if (services is not null) cli.WithServices(services);
            var server = cli.ServerSettings([
                ("Server:ImportWorkflowsOnStart", "true"), ("Agent:WorkflowsDirectory", workflows),
                ("Claude:Jobs:DatabasePath", Path.Combine(cli.Folder, "jobs.db")),
                ("Auth:SigningKey", "metrics-tests-signing-key-0123456789-abcdefgh"), ("Auth:ApiKeys:0", ApiKey),
                ("Logging:LogLevel:Default", "Warning"), .. settings]);
            var app = AgentServer.Build(server);
            await app.StartAsync(cancellationToken);
            return new MetricsServer(cli, app);
        }
        catch
        {
            cli.Dispose();
            throw;
        }
    }

    /// <summary>A client for the whole site that sends the API key.</summary>
    public HttpClient Api()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
        return client;
    }

    /// <summary>A client for the whole site without credentials (as Prometheus scrapes).</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>Runs <paramref name="definitionId"/> through the API and returns the new instance's id.</summary>
    public async Task<string> ExecuteAsync(string definitionId, object input, CancellationToken cancellationToken)
    {
        using var api = Api();
        var body = new StringContent(JsonSerializer.Serialize(new { input }), Encoding.UTF8, "application/json");
        var response = await api.PostAsync($"/elsa/api/workflow-definitions/{definitionId}/execute", body, cancellationToken);
        Assert.IsTrue(response.IsSuccessStatusCode, $"executing {definitionId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    /// <summary>Runs <paramref name="definitionId"/> in the server's runtime as <c>agent run</c> does: a cron it starts with fires at once.</summary>
    public async Task<WorkflowInstance> RunNowAsync(string definitionId, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken)
    {
        var target = await new Agent.Server.Cli.RunTargetResolver(Services.GetRequiredService<WorkflowDefinitionService>()).ResolveAsync(definitionId, cancellationToken);
        return await Services.GetRequiredService<WorkflowRuntime>().StartAsync(target.Definition,
            new StartWorkflowOptions { Input = input, InstanceId = Guid.NewGuid().ToString("N"), FireStartTrigger = true }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _cli.Dispose();
    }
}
