using Agent.Workflows;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Agent.Workflows.Runtime;

// Usage: CrashHost start <db> <definition.json> <instance-id> <marker-dir>
//        CrashHost resume <db> <event-name> <marker-dir>
//        CrashHost recover <db> <marker-dir>
//        CrashHost sweep <db> <keep-last> <page-size> <marker-dir>
// The crash test kills "start" with SIGKILL while a SlowStep runs, then runs "recover".
// <db> is a SQLite file, or a PostgreSQL connection string (anything with '=' in it).
var (mode, db, markerDir) = (args[0], args[1], args[^1]);
var services = new ServiceCollection();
services.AddWorkflowEngine();
if (db.Contains('=')) services.AddWorkflowPersistence(database: d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, db));
else services.AddWorkflowPersistence(o => o.DatabasePath = db);
services.AddActivity<SlowStep>();
services.AddActivity<UnsafeStep>();
services.AddSingleton(new MarkerDirectory(markerDir));
// The retention crash test kills "sweep" with SIGKILL between (or inside) its page transactions.
if (mode == "sweep") services.AddFinishedInstanceRetention(r => (r.KeepLast, r.PageSize) = (int.Parse(args[2]), int.Parse(args[3])));
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
var runtime = provider.GetRequiredService<WorkflowRuntime>();
if (mode == "start")
{
    var definitions = provider.GetRequiredService<WorkflowDefinitionService>();
    var saved = await definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(await File.ReadAllTextAsync(args[2])));
    var published = await definitions.PublishAsync(saved.DefinitionId);
    var instance = await runtime.StartAsync(published, new StartWorkflowOptions { InstanceId = args[3] });
    Console.WriteLine(instance.Status);
}
else if (mode == "resume")
{
    foreach (var instance in await runtime.ResumeByNameAsync(args[2], null)) Console.WriteLine($"{instance.Id} {instance.Status}");
}
else if (mode == "sweep")
{
    await File.WriteAllTextAsync(Path.Combine(markerDir, "sweep.started"), "");
    Console.WriteLine((await provider.GetRequiredService<FinishedInstanceSweep>().SweepAsync()).Instances);
}
else
{
    foreach (var instance in await runtime.RecoverInterruptedAsync()) Console.WriteLine($"{instance.Id} {instance.Status}");
}

/// <summary>Where SlowStep leaves its "started" markers.</summary>
internal sealed record MarkerDirectory(string Path);

/// <summary>
/// Leaves a marker when it starts (a line with its execution id); on its first start it then waits long enough to be
/// killed, on a later start (after recovery) it finishes at once.
/// </summary>
[Activity("Test", "Test", "Writes a marker, waits on the first run, then writes a line.")]
public sealed class SlowStep : IActivity
{
    [Input] public Input<int> FirstRunDelayMs { get; set; } = null!;

    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var dir = context.GetRequiredService<MarkerDirectory>().Path;
        var marker = System.IO.Path.Combine(dir, context.ActivityId + ".started");
        var firstRun = !File.Exists(marker);
        await File.AppendAllTextAsync(marker, context.ExecutionId + "\n");
        if (firstRun) await Task.Delay(context.Get(FirstRunDelayMs), context.CancellationToken);
        context.WriteLine(context.ActivityId);
    }
}

/// <summary>The same as <see cref="SlowStep"/>, but declared unsafe to run twice.</summary>
[Activity("Test", "Test", "Like SlowStep, but must not be repeated after a crash.", SafeToRerun = false)]
public sealed class UnsafeStep : IActivity
{
    private readonly SlowStep _inner = new();

    [Input] public Input<int> FirstRunDelayMs { get; set; } = null!;

    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        _inner.FirstRunDelayMs = FirstRunDelayMs;
        return _inner.ExecuteAsync(context);
    }
}
