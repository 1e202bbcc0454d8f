namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliDatabaseTests
{
    [TestMethod]
    public async Task A_corrupt_database_file_exits_2_with_a_clear_message_and_is_left_unchanged()
    {
        using var cli = new CliHarness();
        var garbage = "this is not a database, it is a text file that happens to sit where the database should be\n"u8.ToArray();
        File.WriteAllBytes(cli.DatabasePath, garbage);

        var list = await cli.RunAsync("workflows", "list");
        var run = await cli.RunAsync("run", AgentRepository.Workflow("hello.json"));

        foreach (var result in new[] { list, run })
        {
            Assert.AreEqual(2, result.ExitCode, result.ToString());
            Assert.Contains("is not a valid SQLite database", result.Error);
            Assert.DoesNotContain("   at ", result.Error, "no stack trace");
        }
        CollectionAssert.AreEqual(garbage, File.ReadAllBytes(cli.DatabasePath));
    }

    [TestMethod]
    public async Task The_database_is_created_with_its_folder_on_first_use()
    {
        using var cli = new CliHarness();
        var nested = Path.Combine(cli.Folder, "data", "nested", "agent.db");

        var result = await cli.RunAsync("workflows", "list", "--database", nested);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsTrue(File.Exists(nested));
    }
}
