using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

[TestClass]
public sealed class ClaudeCliLocatorTests
{
    private string _root = null!;

    [TestInitialize]
    public void CreateFolder() => _root = TempFolder.Create("agent-locator-tests");

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void The_configured_path_wins()
    {
        var configured = Executable(Path.Combine(_root, "custom", "claude"));
        Executable(Path.Combine(_root, "tools/claude-code/node_modules/.bin/claude"));

        var found = Locator(new ClaudeCliOptions { ExecutablePath = configured, RepositoryRoot = _root }).Locate();

        Assert.AreEqual(configured, found);
    }

    [TestMethod]
    public void A_missing_configured_path_is_an_error_even_when_another_install_exists()
    {
        Executable(Path.Combine(_root, "tools/claude-code/node_modules/.bin/claude"));

        var error = Assert.Throws<ClaudeCliNotFoundException>(() =>
            Locator(new ClaudeCliOptions { ExecutablePath = Path.Combine(_root, "nope"), RepositoryRoot = _root }).Locate());

        Assert.Contains("Claude:ExecutablePath", error.Message);
        Assert.Contains("npm ci --prefix tools/claude-code", error.Message);
    }

    [TestMethod]
    public void The_project_local_install_is_found_via_AGENT_ROOT_before_PATH()
    {
        var local = Executable(Path.Combine(_root, "tools/claude-code/node_modules/.bin/claude"));
        var bin = Path.Combine(_root, "bin");
        Executable(Path.Combine(bin, "claude"));

        var found = Locator(new ClaudeCliOptions(), new() { ["AGENT_ROOT"] = _root, ["PATH"] = bin }).Locate();

        Assert.AreEqual(local, found);
    }

    [TestMethod]
    public void The_repository_root_is_the_folder_with_Agent_sln_above_the_app()
    {
        File.WriteAllText(Path.Combine(_root, "Agent.sln"), "");
        var appDir = Directory.CreateDirectory(Path.Combine(_root, "src/App/bin/Debug")).FullName;
        var local = Executable(Path.Combine(_root, "tools/claude-code/node_modules/.bin/claude"));

        var found = new ClaudeCliLocator(new ClaudeCliOptions(), _ => null, appDir).Locate();

        Assert.AreEqual(local, found);
    }

    [TestMethod]
    public void Claude_on_PATH_is_the_last_resort_and_must_be_executable()
    {
        var notExecutable = Path.Combine(_root, "a");
        Directory.CreateDirectory(notExecutable);
        File.WriteAllText(Path.Combine(notExecutable, "claude"), "");
        var onPath = Executable(Path.Combine(_root, "b", "claude"));

        var found = Locator(new ClaudeCliOptions { RepositoryRoot = _root }, new() { ["PATH"] = $"{notExecutable}:{Path.Combine(_root, "b")}" }).Locate();

        Assert.AreEqual(onPath, found);
    }

    [TestMethod]
    public void Nothing_found_says_where_it_looked_and_how_to_install()
    {
        var error = Assert.Throws<ClaudeCliNotFoundException>(() =>
            Locator(new ClaudeCliOptions { RepositoryRoot = _root }, new() { ["PATH"] = Path.Combine(_root, "empty") }).Locate());

        Assert.Contains(Path.Combine(_root, "tools/claude-code/node_modules/.bin/claude"), error.Message);
        Assert.Contains("'claude' on PATH", error.Message);
        Assert.Contains("npm ci --prefix tools/claude-code", error.Message);
        Assert.Contains("./test.sh", error.Message);
    }

    private ClaudeCliLocator Locator(ClaudeCliOptions options, Dictionary<string, string>? environment = null) =>
        new(options, name => environment?.GetValueOrDefault(name), _root);

    private static string Executable(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
