using System.Net.Http.Headers;
using System.Text.Json;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Server.Auth;
using Agent.Server.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Dashboard;

/// <summary>
/// One dashboard test's world: a temp folder with the agent's database (the CLI and the in-process server share it), an
/// optional sample target and scripted model server for real cycles, and <c>agent serve</c> (<see cref="AgentServer.Build"/>)
/// with one login user, one API key and the pinned Chart.js.
/// </summary>
internal sealed class DashboardWorld : IAsyncDisposable
{
    public const string UserName = "dash-tester";
    public const string Password = "correct horse battery staple";
    public const string ApiKey = "dashboard-tests-api-key-0123456789";
    private static readonly Lazy<string> PasswordHash = new(() => CredentialChecker.Hash(Password));

    private readonly ScriptedModelServer? _model;
    private WebApplication? _app;

    private DashboardWorld(CliHarness cli, ScriptedModelServer? model, string? target) => (Cli, _model, Target) = (cli, model, target);

    public CliHarness Cli { get; }

    /// <summary>The sample repository cycles improve, when the world has one.</summary>
    public string? Target { get; }

    public ScriptedModelServer Model => _model ?? throw new InvalidOperationException("This world has no model server.");

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A world without a target (approvals, the stop, authentication).</summary>
    public static Task<DashboardWorld> CreateAsync() => Task.FromResult(Configure(new DashboardWorld(new CliHarness(), null, null)));

    /// <summary>A world with a git copy of <paramref name="sample"/> and the model server playing scripts/model/<paramref name="script"/>.</summary>
    public static async Task<DashboardWorld> CreateAsync(string sample, string script, CancellationToken cancellationToken)
    {
        var cli = new CliHarness();
        var target = SampleRepository.CopyAsRepository(sample, Path.Combine(cli.Folder, "target", sample));
        var json = await File.ReadAllTextAsync(Path.Combine(AgentRepository.Root, "scripts", "model", script), cancellationToken);
        var model = new ScriptedModelServer(ScriptLoader.Parse(json));
        var url = await model.StartAsync(cancellationToken);
        var world = Configure(new DashboardWorld(cli, model, target));
        foreach (var (key, value) in new[]
        {
            ("Claude:BaseUrl", url.ToString()), ("Claude:ApiKey", "sk-test"), ("Claude:RepositoryRoot", AgentRepository.Root),
            ("Plan:TemplatesDirectory", Path.Combine(AgentRepository.Root, "prompts")), ("Assessment:CheckDependencies", "false"),
            ("Cycle:TargetRepository", target), ("Server:ClaudeJobPollInterval", "00:00:00.200"), ("Schedule:SyncInterval", "00:00:00.200"),
        })
            cli.With(key, value);
        return world;
    }

    private static DashboardWorld Configure(DashboardWorld world)
    {
        world.Cli.With("Claude:Jobs:DatabasePath", Path.Combine(world.Cli.Folder, "jobs.db"))
            .With("Auth:SigningKey", "dashboard-tests-signing-key-0123456789-abcdefgh")
            .With("Auth:Users:0:Name", UserName).With("Auth:Users:0:PasswordHash", PasswordHash.Value)
            .With("Auth:ApiKeys:0", ApiKey)
            .With("Dashboard:ChartJsPath", Path.Combine(AgentRepository.Root, "tools/dashboard/node_modules/chart.js/dist/chart.umd.min.js"))
            .With("Dashboard:PollInterval", "00:00:00.200")
            .With("Guards:StopPollInterval", "00:00:00.200")
            .With("Logging:LogLevel:Default", "Warning");
        return world;
    }

    /// <summary>Starts <c>agent serve</c> in this process on a free port.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        _app = AgentServer.Build(Cli.ServerSettings());
        await _app.StartAsync(cancellationToken);
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A client of the dashboard's API that sends the API key (or nothing, with <paramref name="anonymous"/>).</summary>
    public HttpClient Http(bool anonymous = false)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (!anonymous) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
        return client;
    }

    /// <summary>GETs <c>/dashboard/api/{path}</c> with the API key.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var http = Http();
        var response = await http.GetAsync("/dashboard/api/" + path, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.IsTrue(response.IsSuccessStatusCode, $"GET /dashboard/api/{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The instance as <c>agent instances show --json</c> prints it.</summary>
    public async Task<JsonElement> InstanceAsync(string instanceId)
    {
        var shown = await Cli.RunAsync("instances", "show", instanceId, "--json");
        Assert.AreEqual(0, shown.ExitCode, shown.ToString());
        return shown.Json();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
        if (_model is not null) await _model.DisposeAsync();
        Cli.Dispose();
    }
}
