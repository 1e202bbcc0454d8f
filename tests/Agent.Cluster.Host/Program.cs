// Usage:
//   Agent.Cluster.Host ticks <connection-string> <replica-id>
//       A replica: runs the Quartz scheduler exactly as `agent serve` registers it (AddWorkflowScheduler with
//       Database:Provider=PostgreSql), keeps a cron trigger firing every second in line every 300 ms the way the
//       schedule sync does (CronJobs.EnsureAsync under the schedule-sync lock, printing "ensured <Created|Replaced>"
//       when it wrote), and inserts (scheduled tick, replica) into the table `ticks` on every fire. Prints "ready" once
//       the trigger is in place; runs until killed or stdin closes.
//   Agent.Cluster.Host contend <pg:connection-string|file:folder> <lock-name> <hold-ms> <rounds>
//       Takes the lock <rounds> times, printing "held <start-ticks> <end-ticks>" (UTC ticks) for each hold, then "done".
//   Agent.Cluster.Host hold <pg:connection-string|file:folder> <lock-name>
//       Takes the lock, prints "held", and keeps it until killed.
using Agent.Activities.Cluster;
using Agent.Activities.Schedule;
using Agent.Cluster.Host;
using Agent.Workflows.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

switch (args)
{
    case ["ticks", var connectionString, var replica]:
        return await RunReplicaAsync(connectionString, replica);
    case ["contend", var where, var name, var holdMs, var rounds] when int.TryParse(holdMs, out var hold) && int.TryParse(rounds, out var count):
        return await ContendAsync(Locks(where), name, TimeSpan.FromMilliseconds(hold), count);
    case ["hold", var where, var name]:
        await using (await Locks(where).AcquireAsync(name, TimeSpan.FromMinutes(1)))
        {
            Console.WriteLine("held");
            await Task.Delay(Timeout.Infinite);
        }
        return 0;
    default:
        Console.Error.WriteLine("usage: Agent.Cluster.Host ticks <connection-string> <replica-id> | contend <pg:cs|file:dir> <name> <hold-ms> <rounds> | hold <pg:cs|file:dir> <name>");
        return 2;
}

static IAgentLocks Locks(string where) => where switch
{
    _ when where.StartsWith("pg:", StringComparison.Ordinal) => new PostgresAgentLocks(where[3..]),
    _ when where.StartsWith("file:", StringComparison.Ordinal) => new FileAgentLocks(where[5..]),
    _ => throw new ArgumentException($"'{where}' is neither pg:<connection string> nor file:<folder>."),
};

static async Task<int> ContendAsync(IAgentLocks locks, string name, TimeSpan hold, int rounds)
{
    for (var i = 0; i < rounds; i++)
    {
        await using (await locks.AcquireAsync(name, TimeSpan.FromMinutes(1)))
        {
            var start = DateTime.UtcNow.Ticks;
            await Task.Delay(hold);
            Console.WriteLine($"held {start} {DateTime.UtcNow.Ticks}");
        }
    }
    Console.WriteLine("done");
    return 0;
}

static async Task<int> RunReplicaAsync(string connectionString, string replica)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = connectionString,
        ["Cluster:ReplicaId"] = replica,
        // Short, so a killed replica's triggers are recovered within the test.
        ["Cluster:CheckinInterval"] = "00:00:01",
        ["Cluster:CheckinMisfireThreshold"] = "00:00:01",
        ["Schedule:MisfireThreshold"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Warning",
    });
    builder.Services.AddSingleton(new TickSettings(connectionString, replica));
    builder.Services.AddSingleton<IAgentLocks>(new PostgresAgentLocks(connectionString));
    builder.Services.AddWorkflowScheduler(builder.Configuration.GetSection(ScheduleOptions.SectionName), builder.Configuration);
    using var host = builder.Build();
    await host.StartAsync();
    var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
    var locks = host.Services.GetRequiredService<IAgentLocks>();
    var spec = new CronJobSpec(new JobKey("tick", "test"), typeof(TickJob), new Dictionary<string, string>(), "* * * * * ?", "v1", FireOnceOnMisfire: false);
    using var stop = new CancellationTokenSource();
    // Closing stdin stops the replica gracefully; kill -9 is the other way out.
    _ = Task.Run(async () => { await Console.In.ReadToEndAsync(); await stop.CancelAsync(); });
    var ready = false;
    while (!stop.IsCancellationRequested)
    {
        await using (await locks.AcquireAsync(AgentLockNames.ScheduleSync, TimeSpan.FromSeconds(30)))
        {
            // Only a write is worth a line: of all replicas' ensures, exactly one should create and none replace.
            if (await CronJobs.EnsureAsync(scheduler, spec, CancellationToken.None) is not CronJobChange.Unchanged and var change)
                Console.WriteLine($"ensured {change}");
        }
        if (!ready) Console.WriteLine("ready");
        ready = true;
        try { await Task.Delay(300, stop.Token); }
        catch (OperationCanceledException) { break; }
    }
    await host.StopAsync();
    return 0;
}
