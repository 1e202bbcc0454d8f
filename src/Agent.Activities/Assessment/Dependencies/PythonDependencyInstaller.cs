using Microsoft.Extensions.Options;

namespace Agent.Activities.Assessment.Dependencies;

/// <summary>
/// Installs what a Python project declares into a virtual environment of its own (<c>python3 -m venv</c>):
/// <c>pip install -r</c> for each root <c>requirements*.txt</c>, then <c>pip install -e .</c> when the project is a
/// package (<c>pyproject.toml</c>, <c>setup.py</c>, <c>setup.cfg</c>). The environment is cached by the content of
/// those files and the Python version; an editable install points at its folder, so such an environment is kept per
/// target folder. It sees the machine's own site packages (<c>--system-site-packages</c>), so tools the machine has,
/// such as pytest, stay usable when the project does not declare them.
/// </summary>
public sealed class PythonDependencyInstaller(CommandRunner runner, IOptions<AssessmentOptions> options) : IDependencyInstaller
{
    private static readonly IReadOnlyDictionary<string, string?> PipEnvironment = new Dictionary<string, string?>
    {
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        ["PIP_NO_INPUT"] = "1",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    /// <inheritdoc />
    public string Ecosystem => "python";

    /// <inheritdoc />
    public bool AppliesTo(ProjectLayout layout) => layout.PythonManifest is { DeclaresDependencies: true } && (layout.HasPytest || layout.HasUnittest);

    /// <inheritdoc />
    public async Task<DependencyInstallResult> InstallAsync(string root, ProjectLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var manifest = layout.PythonManifest!;
        var settings = options.Value;
        var version = await runner.RunAsync(new CommandSpec("python3", ["--version"], root, TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (!version.Succeeded) return Failed("python3 --version", version.StartError ?? version.Tail(500));
        var parts = manifest.Files.Where(f => File.Exists(Path.Combine(root, f))).SelectMany(f => new[] { f, File.ReadAllText(Path.Combine(root, f)) });
        var key = DependencyCache.Key([version.StandardOutput.Trim(), manifest.InstallsItself ? Path.GetFullPath(root) : "", .. parts]);
        var cache = new DependencyCache(settings);
        var venv = cache.FolderFor("python", key);
        var python = Path.Combine(venv, "bin", "python");
        var steps = manifest.RequirementFiles.Select(r => $"pip install -r {r}").Concat(manifest.InstallsItself ? ["pip install -e ."] : []).ToList();
        var summary = $"{string.Join(", then ", steps)} into the virtual environment {venv}";
        using (await DependencyCache.LockAsync(venv, settings.InstallTimeout, cancellationToken).ConfigureAwait(false))
        {
            var reused = DependencyCache.IsComplete(venv);
            if (!reused)
            {
                DependencyCache.Reset(venv);
                if (await RunAsync("python3", ["-m", "venv", "--system-site-packages", venv], root, settings.InstallTimeout, cancellationToken).ConfigureAwait(false) is { } venvProblem)
                    return Failed("python3 -m venv", venvProblem);
                foreach (var requirements in manifest.RequirementFiles)
                {
                    if (await RunAsync(python, ["-m", "pip", "install", "-r", requirements], root, settings.InstallTimeout, cancellationToken).ConfigureAwait(false) is { } problem)
                    {
                        DependencyCache.Reset(venv);
                        return Failed($"pip install -r {requirements}", problem);
                    }
                }
                if (manifest.InstallsItself && await RunAsync(python, ["-m", "pip", "install", "-e", "."], root, settings.InstallTimeout, cancellationToken).ConfigureAwait(false) is { } selfProblem)
                {
                    DependencyCache.Reset(venv);
                    return Failed("pip install -e .", selfProblem);
                }
                await DependencyCache.MarkCompleteAsync(venv, cancellationToken).ConfigureAwait(false);
            }
            var path = System.Environment.GetEnvironmentVariable("PATH");
            return new DependencyInstallResult(Ecosystem, reused ? DependencyInstallStatus.Reused : DependencyInstallStatus.Installed, reused ? $"{summary} (reused)" : summary)
            {
                PythonExecutable = python,
                Environment = new Dictionary<string, string?>
                {
                    ["VIRTUAL_ENV"] = venv,
                    ["PATH"] = string.IsNullOrEmpty(path) ? Path.Combine(venv, "bin") : $"{Path.Combine(venv, "bin")}{Path.PathSeparator}{path}",
                },
            };
        }
    }

    private DependencyInstallResult Failed(string step, string problem) =>
        new(Ecosystem, DependencyInstallStatus.Failed, step) { Problem = problem };

    private async Task<string?> RunAsync(string program, string[] arguments, string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spec = new CommandSpec(program, arguments, folder, timeout) { Environment = PipEnvironment };
        var outcome = await runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is not null) return outcome.StartError;
        if (outcome.TimedOut) return $"'{spec}' ran longer than {timeout} (Assessment:InstallTimeout) and was stopped.";
        return outcome.ExitCode == 0 ? null : $"'{spec}' exited {outcome.ExitCode}: {outcome.ErrorMessage()}";
    }
}
