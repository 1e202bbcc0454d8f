using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Assessment.Dependencies;

/// <summary>
/// Installs a JavaScript project's packages as its CI would: <c>npm ci</c> with a <c>package-lock.json</c> (or
/// shrinkwrap), <c>pnpm install --frozen-lockfile</c> / <c>yarn install --frozen-lockfile</c> with their lockfile when
/// the tool is on PATH (otherwise <c>npm install</c>, and the summary says so), else <c>npm install</c>.
/// The installation happens in a cache folder keyed by package.json, the lockfile, <c>.npmrc</c> and the node
/// version, and <c>node_modules</c> in the measured folder becomes a link to it: the work tree gets no lockfile and no
/// package files, and a second measurement (or a worktree of the same commit) reuses the folder. Root lifecycle
/// scripts (<c>prepare</c>, <c>postinstall</c>) are left out of the cached copy of package.json, since the project's
/// sources are not there; the packages' own install scripts run. Projects whose installation needs their own folder
/// (workspaces, <c>file:</c> dependencies) install in place. A <c>node_modules</c> folder the project already has is
/// kept as it is.
/// </summary>
public sealed class NpmDependencyInstaller(CommandRunner runner, IOptions<AssessmentOptions> options) : IDependencyInstaller
{
    private static readonly (string File, string Tool)[] Lockfiles =
    [
        ("package-lock.json", "npm"), ("npm-shrinkwrap.json", "npm"), ("pnpm-lock.yaml", "pnpm"), ("yarn.lock", "yarn"),
    ];

    /// <inheritdoc />
    public string Ecosystem => "node";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.NodePackage is { HasDependencies: true } && layout.NodeRunner is not null;

    /// <inheritdoc />
    public async Task<DependencyInstallResult> InstallAsync(string root, ProjectLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var modules = Path.Combine(root, "node_modules");
        var existing = new DirectoryInfo(modules);
        if (existing.Exists && existing.LinkTarget is null)
            return new DependencyInstallResult(Ecosystem, DependencyInstallStatus.Skipped, "node_modules is already there (not installed by the agent); it is used as it is");

        var (tool, arguments, note) = await ChooseCommandAsync(root, cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        if (layout.NodePackage!.NeedsItsFolder)
        {
            // Workspaces and local packages resolve relative to the project: only its own folder works.
            if (existing.LinkTarget is not null) existing.Delete();
            if (tool == "npm" && arguments[0] == "install") arguments = [.. arguments, "--no-package-lock"];
            var inPlace = await RunAsync(tool, arguments, root, settings.InstallTimeout, cancellationToken).ConfigureAwait(false);
            var how = $"{tool} {string.Join(' ', arguments)} in the project's folder (workspaces or local packages){note}";
            return inPlace is null
                ? new DependencyInstallResult(Ecosystem, DependencyInstallStatus.Installed, how)
                : new DependencyInstallResult(Ecosystem, DependencyInstallStatus.Failed, how) { Problem = inPlace };
        }

        var cache = new DependencyCache(settings);
        var nodeVersion = (await runner.RunAsync(new CommandSpec("node", ["--version"], root, TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        var manifestFiles = new[] { "package.json", ".npmrc" }.Concat(Lockfiles.Select(l => l.File)).Where(f => File.Exists(Path.Combine(root, f))).ToList();
        var key = DependencyCache.Key([tool, string.Join(' ', arguments), nodeVersion, .. manifestFiles.SelectMany(f => new[] { f, File.ReadAllText(Path.Combine(root, f)) })]);
        var folder = cache.FolderFor("npm", key);
        var summary = $"{tool} {string.Join(' ', arguments)}{note}, cached in {folder}, linked as node_modules";
        using (await DependencyCache.LockAsync(folder, settings.InstallTimeout, cancellationToken).ConfigureAwait(false))
        {
            var reused = DependencyCache.IsComplete(folder);
            if (!reused)
            {
                DependencyCache.Reset(folder);
                foreach (var file in manifestFiles) File.Copy(Path.Combine(root, file), Path.Combine(folder, file));
                await WithoutRootScriptsAsync(Path.Combine(folder, "package.json"), cancellationToken).ConfigureAwait(false);
                if (await RunAsync(tool, arguments, folder, settings.InstallTimeout, cancellationToken).ConfigureAwait(false) is { } problem)
                {
                    DependencyCache.Reset(folder);
                    return new DependencyInstallResult(Ecosystem, DependencyInstallStatus.Failed, $"{tool} {string.Join(' ', arguments)}{note}") { Problem = problem };
                }
                Directory.CreateDirectory(Path.Combine(folder, "node_modules")); // a project whose packages are all optional may get none
                await DependencyCache.MarkCompleteAsync(folder, cancellationToken).ConfigureAwait(false);
            }
            if (existing.LinkTarget is not null) existing.Delete();
            Directory.CreateSymbolicLink(modules, Path.Combine(folder, "node_modules"));
            await KeepLinkOutOfGitAsync(root, cancellationToken).ConfigureAwait(false);
            return new DependencyInstallResult(Ecosystem, reused ? DependencyInstallStatus.Reused : DependencyInstallStatus.Installed, reused ? $"{summary} (reused)" : summary);
        }
    }

    private async Task<(string Tool, string[] Arguments, string Note)> ChooseCommandAsync(string root, CancellationToken cancellationToken)
    {
        var lockfile = Lockfiles.FirstOrDefault(l => File.Exists(Path.Combine(root, l.File)));
        switch (lockfile.Tool)
        {
            case "npm":
                return ("npm", ["ci"], "");
            case "pnpm" or "yarn":
                var probe = await runner.RunAsync(new CommandSpec(lockfile.Tool, ["--version"], root, TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
                if (probe.Succeeded) return (lockfile.Tool, ["install", "--frozen-lockfile"], "");
                return ("npm", ["install"], $" ({lockfile.File} is there but {lockfile.Tool} is not on PATH, so npm installed without following that lockfile; install {lockfile.Tool} for the locked versions)");
            default:
                return ("npm", ["install"], " (no lockfile)");
        }
    }

    // The tool's own message (the end of its output) on failure; null on success.
    private async Task<string?> RunAsync(string tool, string[] arguments, string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spec = new CommandSpec(tool, arguments, folder, timeout) { Environment = NodeTestAdapter.Environment };
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return outcome.StartError;
        if (outcome.TimedOut) return $"'{spec}' ran longer than {timeout} (Assessment:InstallTimeout) and was stopped.";
        return outcome.ExitCode == 0 ? null : $"'{spec}' exited {outcome.ExitCode}: {outcome.ErrorMessage()}";
    }

    private static async Task WithoutRootScriptsAsync(string packageJson, CancellationToken cancellationToken)
    {
        if (JsonNode.Parse(await File.ReadAllTextAsync(packageJson, cancellationToken).ConfigureAwait(false)) is not JsonObject manifest) return;
        if (manifest.Remove("scripts")) await File.WriteAllTextAsync(packageJson, manifest.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    // git ignores "node_modules/" folders, but a link is a file to git: keep it out of the target's status and commits.
    private async Task KeepLinkOutOfGitAsync(string root, CancellationToken cancellationToken)
    {
        var ignored = await runner.RunAsync(new CommandSpec("git", ["check-ignore", "-q", "node_modules"], root, TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (ignored.ExitCode == 0) return;
        var path = await runner.RunAsync(new CommandSpec("git", ["rev-parse", "--git-path", "info/exclude"], root, TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (!path.Succeeded) return;
        var exclude = Path.GetFullPath(path.StandardOutput.Trim(), root);
        Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
        var text = File.Exists(exclude) ? await File.ReadAllTextAsync(exclude, cancellationToken).ConfigureAwait(false) : "";
        if (!text.Split('\n').Any(l => l.Trim() == "/node_modules"))
            await File.AppendAllTextAsync(exclude, (text.Length > 0 && !text.EndsWith('\n') ? "\n" : "") + "# added by the agent: node_modules links to its dependency cache\n/node_modules\n", cancellationToken).ConfigureAwait(false);
    }
}
