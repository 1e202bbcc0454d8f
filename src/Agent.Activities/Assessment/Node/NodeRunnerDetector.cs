namespace Agent.Activities.Assessment.Node;

/// <summary>The JavaScript test runner a project uses, and what gave it away.</summary>
/// <param name="Name">The runner's name (a known one, or the command the test script runs).</param>
/// <param name="Runner">The runner the agent can read, or null when it cannot read <paramref name="Name"/>.</param>
/// <param name="Evidence">Why the agent thinks so, e.g. <c>scripts.test runs mocha</c>.</param>
/// <param name="Script">The test script, when there is one.</param>
public sealed record NodeRunnerDetection(string Name, NodeTestRunner? Runner, string Evidence, TestScript? Script);

/// <summary>
/// Finds a project's JavaScript test runner: first the command <c>scripts.test</c> runs, then the runner's config
/// files (<c>jest.config.*</c>, <c>vitest.config.*</c>, <c>.mocharc.*</c>, <c>ava.config.*</c>) or package.json
/// key, then the runner among the declared packages.
/// </summary>
public static class NodeRunnerDetector
{
    /// <summary>The runners the agent reads, in the order they are tried when only config files or packages tell.</summary>
    public static IReadOnlyList<NodeTestRunner> Known { get; } = [new JestRunner(), new VitestRunner(), new MochaRunner(), new AvaRunner(), new NodeBuiltinRunner()];

    // Commands that run another script or tool rather than the tests themselves: they say nothing about the runner.
    private static readonly HashSet<string> Indirections = ["npm", "yarn", "pnpm", "bun", "npm-run-all", "run-s", "run-p", "concurrently", "tsc", "rimraf", "echo", "exit", "true"];

    /// <summary>The runner of the project in <paramref name="root"/>, or null when it has no tests to run.</summary>
    /// <param name="root">The project root.</param>
    /// <param name="package">Its package.json.</param>
    /// <param name="rootFiles">The names of the files at its root.</param>
    public static NodeRunnerDetection? Detect(string root, NodePackage package, IReadOnlyCollection<string> rootFiles)
    {
        ArgumentNullException.ThrowIfNull(package);
        var script = package.TestScript is { Length: > 0 } text && text.Trim() != NodePackage.NpmInitPlaceholder ? TestScript.Parse(text) : null;
        string? unknownCommand = null;
        if (script is not null)
        {
            foreach (var command in script.Commands())
            {
                var runner = Known.FirstOrDefault(r => r.Binary == command && (r.IsInstalledPackage || script.Text.Contains("--test", StringComparison.Ordinal)));
                if (runner is not null) return new NodeRunnerDetection(runner.Name, runner, $"scripts.test runs {(runner.IsInstalledPackage ? runner.Name : "node --test")}", script);
                if (!Indirections.Contains(command) && command != "node") unknownCommand ??= command;
            }
        }
        foreach (var runner in Known.Where(r => r.IsInstalledPackage))
        {
            var config = rootFiles.FirstOrDefault(f => runner.ConfigFilePrefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal)));
            if (config is not null && unknownCommand is null) return new NodeRunnerDetection(runner.Name, runner, $"{config} configures {runner.Name}", script);
            if (runner.ManifestKey is { } key && package.TopLevelKeys.Contains(key) && unknownCommand is null)
                return new NodeRunnerDetection(runner.Name, runner, $"package.json has a '{key}' section", script);
        }
        if (unknownCommand is not null) return new NodeRunnerDetection(unknownCommand, null, $"scripts.test runs {unknownCommand}", script);
        foreach (var runner in Known.Where(r => r.IsInstalledPackage && package.Packages.Contains(r.Name)))
            return new NodeRunnerDetection(runner.Name, runner, $"package.json depends on {runner.Name}", script);
        // A test script that only runs other scripts or tools: still a test command, read by its exit code.
        return script is null ? null : new NodeRunnerDetection(script.Commands().FirstOrDefault() ?? script.Text, null, $"scripts.test is '{script.Text}'", script);
    }
}
