namespace Agent.Activities.Assessment.Node;

/// <summary>
/// One JavaScript test runner: how it is recognised (its binary, config files, package.json key), which flags make it
/// write a machine-readable report, and how that report is read. Subclasses hold no state.
/// </summary>
public abstract class NodeTestRunner
{
    /// <summary>The runner's name, which is also its npm package: <c>jest</c>, <c>vitest</c>, <c>mocha</c>, <c>ava</c>, or <c>node</c> for <c>node --test</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The command that starts it (in <c>node_modules/.bin</c>, except <c>node</c>).</summary>
    public virtual string Binary => Name;

    /// <summary>Whether its binary lives in <c>node_modules/.bin</c> (false for node itself).</summary>
    public virtual bool IsInstalledPackage => true;

    /// <summary>File-name prefixes of its config files at the project root, e.g. <c>jest.config.</c>.</summary>
    public abstract IReadOnlyList<string> ConfigFilePrefixes { get; }

    /// <summary>The package.json key that configures it, if any.</summary>
    public virtual string? ManifestKey => null;

    /// <summary>The arguments the agent starts it with when the project's script cannot carry the report flags.</summary>
    public virtual IReadOnlyList<string> DefaultArguments => [];

    /// <summary>Reporter options (name → whether it takes a value) that the agent's report flags replace.</summary>
    protected abstract IReadOnlyDictionary<string, bool> ReporterOptions { get; }

    /// <summary>
    /// Whether options may follow the file arguments (<c>npm test -- --flag</c> appends them). node reads everything
    /// after its first file argument as more files.
    /// </summary>
    public virtual bool TakesTrailingOptions => true;

    /// <summary>The command line from the script's (or the default) arguments and the report flags.</summary>
    public virtual IReadOnlyList<string> Arguments(IReadOnlyList<string> arguments, IReadOnlyList<string> reportArguments) => [.. arguments, .. reportArguments];

    /// <summary>Whether a command line running <see cref="Binary"/> with <paramref name="arguments"/> runs this runner (node needs <c>--test</c>).</summary>
    public virtual bool IsInvokedWith(IReadOnlyList<string> arguments) => true;

    /// <summary>The flags that make it write its report to <paramref name="reportPath"/> (or to stdout, for TAP).</summary>
    public abstract IReadOnlyList<string> ReportArguments(string reportPath, string root);

    /// <summary>Reads the report; null when the runner wrote none.</summary>
    /// <exception cref="FormatException">The report is not in the expected format.</exception>
    public abstract TestReport? ReadReport(string reportPath, CommandOutcome outcome, string root);

    /// <summary>Whether <paramref name="arguments"/> set a reporter option the agent's flags would clash with.</summary>
    public bool SetsReporter(IReadOnlyList<string> arguments) => arguments.Any(a => ReporterOptions.ContainsKey(OptionName(a)));

    /// <summary><paramref name="arguments"/> without the reporter options (and their values).</summary>
    public IReadOnlyList<string> WithoutReporterOptions(IReadOnlyList<string> arguments)
    {
        var kept = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (ReporterOptions.TryGetValue(OptionName(a), out var takesValue))
            {
                if (takesValue && !a.Contains('=') && i + 1 < arguments.Count && !arguments[i + 1].StartsWith('-')) i++;
                continue;
            }
            kept.Add(a);
        }
        return kept;
    }

    private static string OptionName(string argument) => argument.StartsWith('-') && argument.IndexOf('=') is > 0 and var at ? argument[..at] : argument;

    /// <summary>Reads a text report file; null when it does not exist or is empty.</summary>
    protected static string? ReadFile(string path) => File.Exists(path) && new FileInfo(path).Length > 0 ? File.ReadAllText(path) : null;
}
