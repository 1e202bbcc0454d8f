using Agent.Server.Serve;

namespace Agent.Server.Tests.Backup;

/// <summary><c>agent serve</c> makes backups on <c>Backup:Schedule</c> with Quartz and keeps the newest <c>Backup:Retain</c>.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class BackupScheduleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("true")]
    [DataRow("false")]
    public async Task The_server_backs_up_every_second_and_keeps_the_newest_two(string workflowSchedule)
    {
        using var world = new BackupWorld();
        await world.SuspendAnInstanceAsync();
        await using var app = AgentServer.Build(world.Cli.ServerSettings(("Schedule:Enabled", workflowSchedule), ("Backup:Schedule", "* * * * * *"), ("Backup:Retain", "2")));
        await app.StartAsync(TestContext.CancellationToken);
        try
        {
            var seen = new HashSet<string>();
            var most = 0;
            for (var i = 0; i < 300 && seen.Count < 4; i++)
            {
                await Task.Delay(100, TestContext.CancellationToken);
                var list = (await world.Cli.RunAsync("backup", "list", "--json")).Json().EnumerateArray().ToList();
                most = Math.Max(most, list.Count);
                foreach (var backup in list)
                {
                    seen.Add(backup.GetProperty("id").GetString()!);
                    StringAssert.StartsWith(backup.GetProperty("verified").GetString(), "ok");
                }
            }
            Assert.IsGreaterThanOrEqualTo(4, seen.Count, "a backup every second");
            // Four backups seen, never more than Retain + 1 at once: the older ones were deleted.
            // Between a backup's completion and the pruning after it, one more than Backup:Retain is visible.
            Assert.IsLessThanOrEqualTo(3, most, "older backups are pruned to Backup:Retain");
        }
        finally
        {
            await app.StopAsync(TestContext.CancellationToken);
        }
    }

    [TestMethod]
    public async Task A_server_does_not_start_with_a_schedule_that_is_not_cron()
    {
        using var world = new BackupWorld();
        await using var app = AgentServer.Build(world.Cli.ServerSettings(("Backup:Schedule", "at three")));

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync(TestContext.CancellationToken));

        StringAssert.Contains(failure.Message, "Backup:Schedule");
    }

    [TestMethod]
    public async Task A_server_does_not_start_while_a_restore_holds_the_data_directory()
    {
        using var world = new BackupWorld();
        using var restoring = Agent.Server.Backup.ServerDataLock.TryAcquireExclusive(world.DataDirectory);
        Assert.IsNotNull(restoring);
        await using var app = AgentServer.Build(world.Cli.ServerSettings(("Schedule:Enabled", "false")));

        var failure = await Assert.ThrowsAsync<Agent.Server.Backup.BackupException>(() => app.StartAsync(TestContext.CancellationToken));

        StringAssert.Contains(failure.Message, "A restore ('agent backup restore') is writing the data directory");
        Assert.IsFalse(File.Exists(Path.Combine(world.DataDirectory, "agent.db")), "no database was opened");
    }
}
