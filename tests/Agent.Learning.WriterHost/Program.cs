// Usage: Agent.Learning.WriterHost <database-file | postgres:<connection-string>> <writer-name> <attempts>; prints "ready", then starts on a "go" line on stdin.
// Records <attempts> attempts, each seeing the same error (with its own path and line) and fixing it with the same fix,
// so every write lands on shared rows (error occurrences, solution counts, patterns) as well as on its own experience.
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

if (args.Length != 3 || !int.TryParse(args[2], out var attempts))
{
    Console.Error.WriteLine("usage: Agent.Learning.WriterHost <database-file | postgres:<connection-string>> <writer-name> <attempts>");
    return 2;
}
var (target, writer) = (args[0], args[1]);
const string postgres = "postgres:";
var onPostgres = target.StartsWith(postgres, StringComparison.Ordinal);
await using var services = new ServiceCollection()
    .AddLearning(o => { o.DatabasePath = onPostgres ? Path.Combine(Path.GetTempPath(), "unused-knowledge.db") : target; o.BusyTimeoutMs = 30_000; })
    .Configure<DatabaseOptions>(o =>
    {
        if (!onPostgres) return;
        o.Provider = DatabaseProvider.PostgreSql;
        o.ConnectionString = target[postgres.Length..];
    })
    .BuildServiceProvider();
var learning = services.GetRequiredService<ILearningService>();
await services.GetRequiredService<KnowledgeDatabase>().InitializeAsync();
// Both writers migrate, report ready, and wait for the test to say go, so their writes really overlap.
Console.WriteLine("ready");
if (Console.ReadLine() != "go") return 3;
for (var i = 0; i < attempts; i++)
{
    await learning.RecordAttemptAsync(new AttemptRecord
    {
        Task = new LearningTask("keep the build green", "fix-build", $"{writer} attempt {i}"),
        Outcome = ExperienceOutcome.Accepted,
        GapClosed = true,
        MergedCommit = $"{writer}{i:D8}".PadRight(40, '0'),
        Approach = new Approach { Name = "shared-approach", Tools = ["Bash"], Turns = 2 },
        ErrorsSeen = [new ErrorObservation($"/work/{writer}/src/File{i}.cs({i + 1},5): error CS0103: The name 'shared' does not exist in the current context", "build")],
        Fix = new AttemptFix("declare the missing variable 'shared'"),
        Tokens = 10,
        Duration = TimeSpan.FromSeconds(1),
    });
}
Console.WriteLine("done");
return 0;
