using System.Text.Json;
using Agent.Activities.Assessment;
using Agent.Activities.Discovery.Registry;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Makes a server runnable: installs its pinned npm package with <c>npm install --prefix &lt;sandbox&gt;/&lt;name&gt;
/// &lt;identifier&gt;@&lt;version&gt;</c> and starts it with <c>node</c> on the package's bin script; a server with a
/// <c>streamable-http</c> or <c>sse</c> remote and no npm package needs no install. Other package types are refused
/// with a clear error, as are unpinned versions.
/// </summary>
public sealed class NpmServerInstaller(CommandRunner runner, IOptions<IntegrationOptions> options)
{
    /// <summary>The folder a server's package is installed into.</summary>
    public string SandboxOf(string shortName) => Path.Combine(Path.GetFullPath(options.Value.SandboxDirectory), shortName);

    /// <summary>Installs <paramref name="server"/> (if it needs it) and says how to start it.</summary>
    /// <exception cref="IntegrationException">Nothing installable, an unsupported package type, or the install failed (its folder is removed again).</exception>
    public async Task<ServerLaunch> InstallAsync(ServerJson server, string shortName, CancellationToken cancellationToken)
    {
        var package = server.Packages.FirstOrDefault(p => p.RegistryType == "npm" && (p.Transport?.Type ?? "stdio") == "stdio");
        if (package is null)
        {
            if (server.Remotes.FirstOrDefault(r => r.Type is "streamable-http" or "sse") is { } remote)
                return new ServerLaunch(new McpJsonEntry { Type = remote.Type == "sse" ? "sse" : "http", Url = remote.Url }, new Dictionary<string, string>(), null, remote.Url);
            var kinds = server.Packages.Select(p => $"{p.RegistryType} ({p.Transport?.Type ?? "stdio"})").Concat(server.Remotes.Select(r => $"remote {r.Type}")).ToList();
            throw new IntegrationException(kinds.Count == 0
                ? $"{server.Name} lists no packages and no remotes; there is nothing to install."
                : $"{server.Name} offers only {string.Join(", ", kinds)}; integrating that is not supported yet (npm stdio packages and streamable-http/sse remotes are).");
        }
        if (string.IsNullOrWhiteSpace(package.Version) || package.Version is "latest" || package.Version.IndexOfAny(['^', '~', '*', '>', '<', ' ']) >= 0)
            throw new IntegrationException($"{server.Name}: package {package.Identifier} has no pinned version ('{package.Version}'); only exact versions are installed.");
        var (entryEnv, probeEnv) = ServerEnvironment.Resolve(server, package, Environment.GetEnvironmentVariable);

        var folder = SandboxOf(shortName);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var spec = $"{package.Identifier}@{package.Version}";
        List<string> arguments = ["install", "--prefix", folder, "--no-audit", "--no-fund", "--no-save", spec];
        if (!string.IsNullOrWhiteSpace(package.RegistryBaseUrl) && !package.RegistryBaseUrl.Contains("registry.npmjs.org", StringComparison.Ordinal))
            arguments.AddRange(["--registry", package.RegistryBaseUrl]);
        var outcome = await runner.RunAsync(new CommandSpec("npm", arguments, folder, options.Value.InstallTimeout), cancellationToken);
        if (!outcome.Succeeded)
        {
            Directory.Delete(folder, recursive: true);
            var why = outcome.StartError ?? (outcome.TimedOut ? $"timed out after {options.Value.InstallTimeout}" : outcome.ErrorMessage());
            throw new IntegrationException($"npm install {spec} failed: {why}. Check the package name and version, and that npm can reach its registry.");
        }
        var script = BinScript(folder, package.Identifier);
        var entry = new McpJsonEntry { Command = "node", Args = [script, .. Arguments(package.PackageArguments)], Env = entryEnv };
        return new ServerLaunch(entry, probeEnv, folder, $"npm {spec}");
    }

    /// <summary>Removes a server's sandbox folder; false when there was none.</summary>
    public bool Uninstall(string shortName)
    {
        var folder = SandboxOf(shortName);
        if (!Directory.Exists(folder)) return false;
        Directory.Delete(folder, recursive: true);
        return true;
    }

    private static IEnumerable<string> Arguments(IReadOnlyList<PackageArgument> arguments)
    {
        foreach (var argument in arguments)
        {
            var value = argument.Value ?? argument.Default;
            if (argument.Type == "named" && argument.Name is { Length: > 0 } flag)
            {
                yield return flag;
                if (value is not null) yield return value;
            }
            else if (value is not null)
            {
                yield return value;
            }
        }
    }

    private static string BinScript(string folder, string identifier)
    {
        var packageFolder = Path.Combine(folder, "node_modules", identifier);
        var manifest = Path.Combine(packageFolder, "package.json");
        if (!File.Exists(manifest)) throw new IntegrationException($"npm installed {identifier} but {manifest} is missing; the package is unusable.");
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        var bin = document.RootElement.TryGetProperty("bin", out var b) ? b : default;
        var relative = bin.ValueKind switch
        {
            JsonValueKind.String => bin.GetString(),
            JsonValueKind.Object => bin.EnumerateObject().Select(p => p.Value.GetString()).FirstOrDefault(v => v is not null),
            _ => null,
        };
        return relative is null
            ? throw new IntegrationException($"{identifier} declares no 'bin' in its package.json, so there is no server program to start.")
            : Path.GetFullPath(Path.Combine(packageFolder, relative));
    }
}
