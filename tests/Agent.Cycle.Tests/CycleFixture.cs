using System.Text.Json;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Cycle.Tests;

/// <summary>
/// One improvement-cycle test's world: a copy of a sample made a git repository, the scripted model server playing a
/// rehearsal script, and CLI settings pointing the agent (database, prompts, learning, worktrees) at a temp folder.
/// </summary>
internal sealed class CycleFixture : IAsyncDisposable
{
    private readonly ScriptedModelServer _model;

    private CycleFixture(CliHarness cli, ScriptedModelServer model, string target, Uri modelUrl)
    {
        Cli = cli;
        _model = model;
        Target = target;
        ModelUrl = modelUrl;
    }

    public CliHarness Cli { get; }

    /// <summary>The sample repository the cycle improves.</summary>
    public string Target { get; }

    public Uri ModelUrl { get; }

    public ScriptedModelServer Model => _model;

    /// <summary>The settings every agent process of the test gets (in-process CLI overrides and child-process environment alike).</summary>
    public IReadOnlyList<(string Key, string Value)> Settings => [
        ("Claude:BaseUrl", ModelUrl.ToString()), ("Claude:ApiKey", "sk-test"), ("Claude:RepositoryRoot", AgentRepository.Root),
        ("Claude:Jobs:DatabasePath", Path.Combine(Cli.Folder, "jobs.db")),
        ("Plan:TemplatesDirectory", Path.Combine(AgentRepository.Root, "prompts")),
        ("Assessment:CheckDependencies", "false"),
        ("Cycle:TargetRepository", Target),
        ("Server:ClaudeJobPollInterval", "00:00:00.200"),
    ];

    /// <summary>A fixture on <paramref name="sample"/> playing scripts/model/<paramref name="script"/>, changed by <paramref name="editScript"/> when given.</summary>
    public static async Task<CycleFixture> CreateAsync(string sample, string script, CancellationToken cancellationToken, Func<string, string>? editScript = null)
    {
        var cli = new CliHarness();
        var target = CopySample(cli.Folder, sample, sample);
        var json = await File.ReadAllTextAsync(Path.Combine(AgentRepository.Root, "scripts", "model", script), cancellationToken);
        var model = new ScriptedModelServer(ScriptLoader.Parse(editScript is null ? json : editScript(json)));
        var url = await model.StartAsync(cancellationToken);
        var fixture = new CycleFixture(cli, model, target, url);
        var overrides = (Dictionary<string, string?>)cli.Settings.Overrides;
        foreach (var (key, value) in fixture.Settings) overrides[key] = value;
        return fixture;
    }

    /// <summary>The improvement-cycle definition shipped in workflows/.</summary>
    public static string DefinitionFile => Path.Combine(AgentRepository.Root, "workflows", "improvement-cycle.json");

    /// <summary>Runs the cycle on the fixture's target with <c>agent run … --json</c> and returns the result.</summary>
    public Task<(CliResult Result, JsonElement Summary)> RunCycleAsync(params string[] extra) => RunCycleOnAsync(Target, extra);

    /// <summary>Runs the cycle on <paramref name="target"/> with <c>agent run … --json</c> and returns the result.</summary>
    public async Task<(CliResult Result, JsonElement Summary)> RunCycleOnAsync(string target, params string[] extra)
    {
        var result = await Cli.RunAsync([.. new[] { "run", DefinitionFile, "--input", $"targetPath={target}", "--json" }, .. extra]);
        var json = result.Json();
        var summary = json.GetProperty("variables").TryGetProperty("summary", out var s) ? s : default;
        return (result, summary);
    }

    /// <summary>Another fresh git copy of <paramref name="sample"/> in the test's folder (e.g. a second target sharing the knowledge base).</summary>
    public string CreateTarget(string sample, string name) => CopySample(Cli.Folder, sample, name);

    /// <summary>
    /// A folder for targets outside the agent's content root (removed with the fixture): a target there sees none of the
    /// files the test puts into the agent's folder.
    /// </summary>
    public string OutsideFolder
    {
        get
        {
            var folder = Cli.Folder + "-targets";
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>A fresh git copy of <paramref name="sample"/> outside the agent's content root.</summary>
    public string CreateTargetOutside(string sample, string name) => CopySample(OutsideFolder, sample, name);

    // samples/<sample> copied to <folder>/target/<name> as a fresh repository with one commit on main.
    private static string CopySample(string folder, string sample, string name) => SampleRepository.CopyAsRepository(sample, Path.Combine(folder, "target", name));

    public string Head() => TestGit.Head(Target);

    public string[] AgentBranches() => TestGit.Run(Target, "branch", "--list", "agent/*").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async ValueTask DisposeAsync()
    {
        await _model.DisposeAsync();
        TempFolder.Delete(Cli.Folder + "-targets");
        Cli.Dispose();
    }
}
