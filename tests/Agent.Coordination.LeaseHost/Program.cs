// Usage: Agent.Coordination.LeaseHost <drain|hold> <folder> <agent-id> <role> <lease-timeout-ms>
//   drain: registers the agent, prints "ready", waits for "go" on stdin, then leases and completes tasks until none is
//          left, printing "leased <task-id>" for each, then "done".
//   hold:  registers the agent, leases one task, prints "leased <task-id>", then heartbeats it until killed.
// The folder holds coordination.db (and agent.db, the engine's file the task queue's dispatcher reads). With the
// environment variables Database__Provider=PostgreSql and Database__ConnectionString the coordination tables are in
// schema 'coordination' of that PostgreSQL database instead (agent.db stays in the folder).
using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

if (args.Length != 5 || args[0] is not ("drain" or "hold") || !int.TryParse(args[4], out var leaseMs))
{
    Console.Error.WriteLine("usage: Agent.Coordination.LeaseHost <drain|hold> <folder> <agent-id> <role> <lease-timeout-ms>");
    return 2;
}
var (mode, folder, agent, role) = (args[0], args[1], args[2], args[3]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Coordination:DatabasePath"] = "coordination.db",
    ["Coordination:LeaseTimeout"] = TimeSpan.FromMilliseconds(leaseMs).ToString(),
    ["Database:Provider"] = Environment.GetEnvironmentVariable("Database__Provider"),
    ["Database:ConnectionString"] = Environment.GetEnvironmentVariable("Database__ConnectionString"),
}).Build();
var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
services.AddWorkflowEngine();
services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), folder);
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
await provider.GetRequiredService<AgentRegistry>().RegisterAsync(agent, role, AgentStatuses.Idle);
var queue = provider.GetRequiredService<TaskQueue>();

if (mode == "hold")
{
    var held = await queue.LeaseAsync(agent);
    if (held is null) { Console.WriteLine("none"); return 4; }
    Console.WriteLine($"leased {held.Id}");
    // Keeps the lease alive for as long as the process lives: only its death lets the lease expire.
    while (true)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(leaseMs / 4.0));
        await queue.HeartbeatAsync(held.Id, agent);
    }
}

Console.WriteLine("ready");
if (Console.ReadLine() != "go") return 3;
while (await queue.LeaseAsync(agent) is { } task)
{
    Console.WriteLine($"leased {task.Id}");
    await queue.CompleteAsync(task.Id, agent, $$"""{"by":"{{agent}}"}""");
}
Console.WriteLine("done");
return 0;
