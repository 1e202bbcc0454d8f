using Agent.Server.Auth;
using Agent.Server.Cli;
using Agent.Server.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Agent.Server.Tests.Unit;

/// <summary><c>agent studio hash-password</c>: the hash it prints logs the user in.</summary>
[TestClass]
public sealed class HashPasswordVerbTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_printed_hash_verifies_the_password()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new AgentHostSettings { ContentRoot = Path.GetTempPath(), ReadEnvironmentVariables = false };
        var code = await AgentCommandLine.RunAsync(["studio", "hash-password", "--password", "s3cret pass"], CliConsole.Create(output, error), settings, cancellationToken: TestContext.CancellationToken);
        Assert.AreEqual(0, code, error.ToString());
        var hash = output.ToString().Trim();
        Assert.AreNotEqual(PasswordVerificationResult.Failed, new PasswordHasher<StudioUser>().VerifyHashedPassword(new StudioUser(), hash, "s3cret pass"));
        Assert.AreEqual(PasswordVerificationResult.Failed, new PasswordHasher<StudioUser>().VerifyHashedPassword(new StudioUser(), hash, "other"));
    }
}
