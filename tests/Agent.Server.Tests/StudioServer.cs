using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Agent.Server.Auth;
using Agent.Server.Hosting;
using Agent.Server.Serve;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests;

/// <summary>
/// The real server (<see cref="AgentServer.Build"/>, Kestrel on 127.0.0.1:0) on a SQLite database in a fresh folder,
/// with the installed Elsa Studio package, one test user and one API key; the improvement-cycle fixture is imported.
/// </summary>
internal sealed class StudioServer : IAsyncDisposable
{
    public const string ApiKey = "studio-tests-api-key-0123456789";
    public const string UserName = "tester";
    public const string Password = "correct horse battery staple";
    public const string CycleId = "improvement-cycle";
    private static readonly Lazy<string> PasswordHash = new(() => CredentialChecker.Hash(Password));

    private readonly WebApplication _app;

    private StudioServer(WebApplication app, string folder, Uri baseAddress) => (_app, Folder, BaseAddress) = (app, folder, baseAddress);

    public string Folder { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();

    /// <summary>Starts a server whose workflows folder holds the test fixture of the cycle, or every shipped definition of <c>workflows/</c>.</summary>
    public static async Task<StudioServer> StartAsync(CancellationToken cancellationToken, bool authDisabled = false, bool shippedCycle = false,
        IReadOnlyDictionary<string, string?>? settingsOverrides = null)
    {
        var folder = TempFolder.Create("agent-studio-tests");
        var workflows = Directory.CreateDirectory(Path.Combine(folder, "workflows")).FullName;
        if (shippedCycle)
            foreach (var shipped in Directory.GetFiles(Path.Combine(AgentRepository.Root, "workflows"), "*.json"))
                File.Copy(shipped, Path.Combine(workflows, Path.GetFileName(shipped)));
        else File.Copy(Fixture("improvement-cycle.json"), Path.Combine(workflows, "improvement-cycle.json"));
        var settings = new AgentHostSettings
        {
            ContentRoot = folder,
            ReadEnvironmentVariables = false,
            Overrides = new Dictionary<string, string?>
            {
                ["Persistence:DatabasePath"] = Path.Combine(folder, "agent.db"),
                ["Server:Urls"] = "http://127.0.0.1:0",
                ["Agent:WorkflowsDirectory"] = workflows,
                ["Claude:Jobs:DatabasePath"] = Path.Combine(folder, "jobs.db"),
                ["Studio:PackageDirectory"] = Path.Combine(AgentRepository.Root, "tools/elsa-studio/node_modules/@elsa-workflows/elsa-studio-wasm"),
                ["Auth:Disabled"] = authDisabled ? "true" : "false",
                ["Auth:SigningKey"] = "studio-tests-signing-key-0123456789-abcdefgh",
                ["Auth:Users:0:Name"] = UserName,
                ["Auth:Users:0:PasswordHash"] = PasswordHash.Value,
                ["Auth:ApiKeys:0"] = ApiKey,
                ["Logging:LogLevel:Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settingsOverrides ?? new Dictionary<string, string?>()) settings = settings.WithOverride(key, value);
        var app = AgentServer.Build(settings);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StudioServer(app, folder, new Uri(address));
    }

    /// <summary>A client for the API (base address <c>/elsa/api/</c>) that sends the API key.</summary>
    public HttpClient Api()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
        return client;
    }

    /// <summary>A client for the API without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = new Uri(BaseAddress, "/elsa/api/") };

    /// <summary>A client for the host pages and static files.</summary>
    public HttpClient Site() => new(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = BaseAddress };

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static StringContent Json(object value) =>
        new(value as string ?? JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        TempFolder.Delete(Folder);
    }
}

/// <summary>Reads JSON responses and checks problem details.</summary>
internal static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem with the given status and returns its detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var problem = await response.JsonAsync(expected);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, "problems are RFC 7807 documents");
        Assert.AreEqual((int)expected, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.IsFalse(string.IsNullOrWhiteSpace(detail), "a problem says what was wrong");
        return detail;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement e) => e.GetProperty("items").EnumerateArray();
}
