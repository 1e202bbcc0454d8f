using Agent.Activities.Safety.Decisions;
using Agent.Activities.Approvals;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Schedule;
using Agent.Activities.SelfModification;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Server.Cli;
using Agent.Server.Cli.Rendering;
using Agent.Server.Hosting;
using Agent.Server.Serve;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Server.MainJob;

/// <summary>
/// The main job: a target repository (a fresh sample by default), the model (the scripted rehearsal offline, the real
/// API live), the server, one improvement cycle followed line by line, its summary and the KPIs; then the server
/// serves on with the nightly schedule, or stops with <see cref="MainJobRequest.Once"/>.
/// </summary>
public sealed class MainJob(CliConsole console, AgentHostSettings settings)
{
    /// <summary>The definition the main job runs.</summary>
    public const string CycleDefinitionId = "improvement-cycle";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the job; the exit code is 0 when the cycle ended without a fault.</summary>
    public async Task<int> RunAsync(MainJobRequest request, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var live = request.Live || Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") is { Length: > 0 } && request.Script is null;
        if (live && Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") is not { Length: > 0 })
            throw new CliUsageException("--live needs the ANTHROPIC_API_KEY environment variable; set it, or leave out --live to rehearse offline with the scripted model.");

        if (request.Self && !live && request.Script is null)
            throw new CliUsageException("--self has no offline rehearsal (the scripted model only knows the samples' fixes); add --live (with ANTHROPIC_API_KEY) or --script FILE.");
        var samples = Path.Combine(root, "samples");
        if (request.Target is null && !request.Self && !SampleTargets.List(samples).Contains(request.Sample, StringComparer.Ordinal))
            throw new CliUsageException($"There is no sample '{request.Sample}' in {samples}; choose one of: {string.Join(", ", SampleTargets.List(samples))}.");
        var target = request.Self
            ? AgentCheckout.FindRoot(settings.ContentRoot, AppContext.BaseDirectory, Directory.GetCurrentDirectory())
            : request.Target is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : await new SampleTargets(new GitCli(TimeSpan.FromMinutes(2))).CreateAsync(
                samples, request.Sample, Path.Combine(AgentConfiguration.FullDataDirectory(settings), "targets", request.Sample), cancellationToken);
        console.WriteLine($"== Target: {target}{(request.Self ? " (the agent itself: full test suite, approval required)" : request.Target is null ? $" (a fresh copy of samples/{request.Sample})" : "")}");
        // Offline, the scripted model only knows the samples' fixes: on anyone else's repository it would "answer" with a
        // rehearsal of other code. So the cycle measures, ranks, researches and plans there, and changes nothing.
        var assessOnly = !live && request.Target is not null && request.Script is null;
        if (assessOnly)
            console.WriteLine($"== Offline on your own repository: the scripted model has no rehearsal for {target}, so this cycle only assesses it "
                + "(measure, rank the gaps, research, plan) and changes nothing. Add --live (with ANTHROPIC_API_KEY) to have Claude Code make the change, or --script FILE to rehearse one.");

        await using var model = live || assessOnly ? null : await StartModelAsync(request.Script ?? RehearsalScripts.For(root, request.Sample), cancellationToken);
        // The cycle's own lines are the job's progress; the server's routine logs would drown them (warnings still show).
        var serverSettings = settings.WithOverride("Cycle:TargetRepository", target)
            .WithOverride("Logging:LogLevel:Default", "Warning").WithOverride("Logging:LogLevel:Quartz", "Warning");
        // The self-target is named to the gates, so every change to the agent waits for a human (Validation:SelfTargetNeedsApproval).
        if (request.Self) serverSettings = serverSettings.WithOverride("Validation:AgentRepository", target);
        if (assessOnly) serverSettings = serverSettings.WithOverride("Cycle:AssessOnly", "true");
        if (model is not null)
            serverSettings = serverSettings.WithOverride("Claude:BaseUrl", model.Url.ToString()).WithOverride("Claude:ApiKey", "sk-rehearsal");
        if (request.Urls is { Length: > 0 } urls) serverSettings = serverSettings.WithOverride("Server:Urls", urls);

        await using var app = AgentServer.Build(serverSettings);
        await app.StartAsync(cancellationToken);
        try
        {
            var url = app.Urls.First();
            var mode = live ? "live: the real Anthropic API" : model is null ? "offline, assessment only: no model" : $"offline: scripted model at {model.Url}";
            console.WriteLine($"== Server: {url} ({mode}); Elsa Studio: {url}/studio");

            var instance = await RunCycleAsync(app.Services, cancellationToken);
            new CycleSummaryRenderer(console).Write(instance, CycleSummary.From(instance));
            var kpis = await app.Services.GetRequiredService<KpiCalculator>().ComputeAsync(KpiCalculator.DefaultWindowDays, cancellationToken: cancellationToken);
            new KpiRenderer(console).Write(kpis);
            // The Security Score is a quality metric shown with the KPIs: this target's latest.
            new DecisionRenderer(console).WriteScores(await app.Services.GetRequiredService<DecisionStore>().LatestScoresAsync(target, cancellationToken));

            if (!request.Once)
            {
                console.WriteLine($"== Serving at {url}; the nightly schedule is active (agent schedule list). Ctrl+C stops.");
                await app.WaitForShutdownAsync(cancellationToken);
            }
            return instance.Status is WorkflowStatus.Faulted or WorkflowStatus.Cancelled ? ExitCodes.Failed : ExitCodes.Success;
        }
        finally
        {
            // Stopped before it is disposed, so background services end through their stopping token.
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Where <c>samples/</c> and <c>scripts/</c> are: the content root when it has them (./agent sets it to the checkout), else the checkout above the app.</summary>
    private string RepositoryRoot() =>
        Directory.Exists(Path.Combine(settings.ContentRoot, "samples"))
            ? settings.ContentRoot
            : new Activities.Claude.ClaudeCliLocator(new Activities.Claude.ClaudeCliOptions()).RepositoryRoot()
              ?? throw new CliUsageException($"No samples/ folder under {settings.ContentRoot} or above the app; run agent from the repository (./agent does) or pass --target.");

    private async Task<RunningModel> StartModelAsync(string scriptPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(scriptPath)) throw new CliUsageException($"The model script '{scriptPath}' does not exist; pass an existing file with --script.");
        var server = new ScriptedModelServer(await ScriptLoader.LoadFileAsync(scriptPath, cancellationToken));
        return new RunningModel(server, await server.StartAsync(cancellationToken));
    }

    /// <summary>Fires the cycle now (as the schedule would) and follows it until it ends or waits for a human.</summary>
    private async Task<WorkflowInstance> RunCycleAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var runtime = services.GetRequiredService<Agent.Workflows.Runtime.WorkflowRuntime>();
        using var live = LiveOutput.Attach(runtime, console);
        console.WriteLine($"== Cycle: {CycleDefinitionId}");
        var fired = await services.GetRequiredService<ScheduledWorkflowRunner>().RunAsync(CycleDefinitionId, cancellationToken: cancellationToken);
        if (!fired.Started || fired.InstanceId is null)
            throw new CliUsageException($"The cycle did not start: {fired.SkipReason}. See 'agent stop --status' and 'agent instances list'.");
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        while (true)
        {
            var instance = await store.FindAsync(fired.InstanceId, cancellationToken)
                ?? throw new InvalidOperationException($"Instance {fired.InstanceId} vanished from the store.");
            var waitsForHuman = instance.State.Bookmarks.Any(b => b.Name == HumanApproval.BookmarkName);
            if (instance.Status is WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled || waitsForHuman) return instance;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private sealed record RunningModel(ScriptedModelServer Server, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
