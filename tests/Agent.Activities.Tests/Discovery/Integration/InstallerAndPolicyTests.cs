using Agent.Activities.Assessment;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Discovery.Registry;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Discovery.Integration;

/// <summary>What the installer refuses before running npm, the auto-approve patterns, names and environment variables.</summary>
[TestClass]
public sealed class InstallerAndPolicyTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-installer-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private NpmServerInstaller Installer() =>
        new(new CommandRunner(), Options.Create(new IntegrationOptions { SandboxDirectory = Path.Combine(_folder, "mcp"), AttemptsDatabasePath = Path.Combine(_folder, "a.db") }));

    [TestMethod]
    public async Task Packages_other_than_npm_are_not_supported_yet_and_nothing_is_installed()
    {
        var server = new ServerJson { Name = "io.github.x/py", Packages = [new ServerPackage { RegistryType = "pypi", Identifier = "mcp-py", Version = "1.0.0" }] };

        var error = await Assert.ThrowsExactlyAsync<IntegrationException>(() => Installer().InstallAsync(server, "py", TestContext.CancellationToken));

        StringAssert.Contains(error.Message, "pypi (stdio)");
        StringAssert.Contains(error.Message, "not supported yet");
        Assert.IsFalse(Directory.Exists(Path.Combine(_folder, "mcp")));
    }

    [TestMethod]
    public async Task An_unpinned_npm_version_is_refused_and_a_remote_needs_no_install()
    {
        var unpinned = new ServerJson { Name = "io.github.x/n", Packages = [new ServerPackage { RegistryType = "npm", Identifier = "@x/n", Version = "^1.0.0" }] };
        var remote = new ServerJson { Name = "io.github.x/r", Remotes = [new ServerRemote { Type = "streamable-http", Url = "https://mcp.example.com/mcp" }] };

        var error = await Assert.ThrowsExactlyAsync<IntegrationException>(() => Installer().InstallAsync(unpinned, "n", TestContext.CancellationToken));
        var launch = await Installer().InstallAsync(remote, "r", TestContext.CancellationToken);

        StringAssert.Contains(error.Message, "no pinned version ('^1.0.0')");
        Assert.AreEqual(("http", "https://mcp.example.com/mcp", (string?)null), (launch.Entry.Type, launch.Entry.Url, launch.SandboxDirectory));
        Assert.AreEqual("""{"type":"http","url":"https://mcp.example.com/mcp"}""", launch.Entry.ToJson().ToJsonString());
    }

    [TestMethod]
    public void Auto_approve_patterns_match_registry_or_short_names_with_wildcards_only()
    {
        var policy = new AutoApprovePolicy(Options.Create(new IntegrationOptions { AutoApprove = ["io.github.modelcontextprotocol/*", "server-time"] }));

        Assert.AreEqual("io.github.modelcontextprotocol/*", policy.AllowedBy("io.github.modelcontextprotocol/server-memory", "server-memory"));
        Assert.AreEqual("server-time", policy.AllowedBy("io.github.someone/server-time", "server-time"));
        Assert.IsNull(policy.AllowedBy("io.github.evil/modelcontextprotocol-server", "modelcontextprotocol-server"));
        Assert.IsNull(policy.AllowedBy("io.github.x/server-timer", "server-timer"), "a pattern without * matches the whole name only");
    }

    [TestMethod]
    public void Names_and_environment_variables_are_derived_safely()
    {
        Assert.AreEqual("server-memory", ServerNames.ShortName("io.github.modelcontextprotocol/server-memory"));
        Assert.AreEqual("a-b_c", ServerNames.ShortName("io.github.x/a.b_c"));
        Assert.ThrowsExactly<IntegrationException>(() => ServerNames.Validate("../etc"));

        var package = new ServerPackage
        {
            RegistryType = "npm", Identifier = "@x/y", Version = "1.0.0",
            EnvironmentVariables = [new() { Name = "TOKEN", IsRequired = true, IsSecret = true }, new() { Name = "MODE", Default = "fast" }, new() { Name = "MISSING", IsRequired = true }],
        };
        var server = new ServerJson { Name = "io.github.x/y" };
        var error = Assert.ThrowsExactly<IntegrationException>(() => ServerEnvironment.Resolve(server, package, name => name == "TOKEN" ? "s3cret" : null));
        StringAssert.Contains(error.Message, "MISSING");

        var (entry, probe) = ServerEnvironment.Resolve(server, package, name => name is "TOKEN" or "MISSING" ? "s3cret" : null);
        Assert.AreEqual("${TOKEN}", entry["TOKEN"], "a secret is written as a reference, never by value");
        Assert.AreEqual(("s3cret", "fast", "fast"), (probe["TOKEN"], entry["MODE"], probe["MODE"]));
    }
}
