namespace Agent.Activities.Assessment.Dotnet;

/// <summary>One <c>dotnet test</c> command and what it is for.</summary>
/// <param name="Arguments">The arguments after <c>dotnet</c>.</param>
/// <param name="Description">For people: the mode, the framework(s) and the report.</param>
public sealed record DotnetTestCommand(IReadOnlyList<string> Arguments, string Description);

/// <summary>
/// How to run a repository's .NET tests with .NET 10's <c>dotnet test</c>, whose mode comes from the repository's
/// <c>global.json</c> (<c>"test": { "runner": "Microsoft.Testing.Platform" }</c>, else VSTest):
/// <list type="bullet">
/// <item>VSTest mode: one <c>dotnet test ENTRY --logger trx</c>. Microsoft.Testing.Platform (MTP) projects that set
/// <c>TestingPlatformDotnetTestSupport</c> get their report option through <c>TestingPlatformCommandLineArguments</c>
/// (VSTest's <c>--logger</c> does not reach them). MTP projects without it and without a VSTest adapter run nothing in
/// this mode, which is reported, not run.</item>
/// <item>MTP mode: every test project must be an MTP project (dotnet test refuses the whole run otherwise). Each gets
/// its TRX option (<c>--report-trx</c>, or <c>--report-xunit-trx</c> for xUnit v3 without Microsoft's TRX extension);
/// one command on the entry when they all take the same option, else one per project. A project without any TRX
/// extension cannot be read and is reported.</item>
/// </list>
/// </summary>
/// <param name="Commands">The commands to run.</param>
/// <param name="Problems">Projects (or the whole run) that cannot run or cannot be read, and why.</param>
public sealed record DotnetTestPlan(IReadOnlyList<DotnetTestCommand> Commands, IReadOnlyList<string> Problems)
{
    private const string GlobalJsonFix = "add \"test\": { \"runner\": \"Microsoft.Testing.Platform\" } to global.json";

    /// <summary>Plans the run of <paramref name="projects"/> through <paramref name="entry"/>.</summary>
    /// <param name="entry">The solution or project, relative to the root.</param>
    /// <param name="testingPlatformMode">Whether global.json selects the MTP mode of dotnet test.</param>
    /// <param name="projects">The test projects.</param>
    /// <param name="coverlet">Whether to collect coverage with coverlet (VSTest mode only).</param>
    /// <param name="resultsDirectory">Where the TRX files go.</param>
    public static DotnetTestPlan Create(string entry, bool testingPlatformMode, IReadOnlyList<DotnetTestProject> projects, bool coverlet, string resultsDirectory)
    {
        ArgumentNullException.ThrowIfNull(projects);
        return testingPlatformMode ? ForTestingPlatformMode(entry, projects, resultsDirectory) : ForVSTestMode(entry, projects, coverlet, resultsDirectory);
    }

    private static DotnetTestPlan ForVSTestMode(string entry, IReadOnlyList<DotnetTestProject> projects, bool coverlet, string results)
    {
        var problems = new List<string>();
        var mtpOnly = projects.Where(p => p.Platform == DotnetTestPlatform.TestingPlatform && !p.DotnetTestSupport && p.Framework is "xunit.v3" or "tunit").ToList();
        foreach (var p in mtpOnly)
            problems.Add($"{p.Path} runs on Microsoft.Testing.Platform ({p.Why}), which the VSTest mode of dotnet test does not run: {GlobalJsonFix}");
        if (mtpOnly.Count == projects.Count) return new DotnetTestPlan([], problems);

        List<string> args = ["test", entry, "--no-build", "--nologo", "--logger", "trx", "--results-directory", results];
        if (coverlet) args.AddRange(["--collect", "XPlat Code Coverage"]);
        var bridged = projects.Where(p => p.Platform == DotnetTestPlatform.TestingPlatform && p.DotnetTestSupport).ToList();
        if (bridged.FirstOrDefault(p => p.ReportOption is not null) is { } withReport)
            args.Add($"-p:TestingPlatformCommandLineArguments={withReport.ReportOption} --results-directory {results}");
        var frameworks = string.Join(", ", projects.Except(mtpOnly).Select(p => p.Framework).Distinct());
        return new DotnetTestPlan([new DotnetTestCommand(args, $"dotnet test, VSTest mode ({frameworks}): dotnet test {entry} --logger trx")], problems);
    }

    private static DotnetTestPlan ForTestingPlatformMode(string entry, IReadOnlyList<DotnetTestProject> projects, string results)
    {
        var vstest = projects.Where(p => p.Platform == DotnetTestPlatform.VSTest).ToList();
        if (vstest.Count > 0)
        {
            // dotnet test in MTP mode refuses to start when any test project is a VSTest project.
            return new DotnetTestPlan([], [$"global.json selects the Microsoft.Testing.Platform mode of dotnet test, which refuses VSTest projects: {string.Join(", ", vstest.Select(p => $"{p.Path} ({p.Why})"))}; make them Microsoft.Testing.Platform projects, or remove the test runner from global.json"]);
        }
        var problems = projects.Where(p => p.ReportOption is null)
            .Select(p => $"{p.Path} ({p.Framework} on Microsoft.Testing.Platform) has no TRX report extension, so its results cannot be read: reference Microsoft.Testing.Extensions.TrxReport")
            .ToList();
        var readable = projects.Where(p => p.ReportOption is not null).ToList();
        var options = readable.Select(p => p.ReportOption!).Distinct(StringComparer.Ordinal).ToList();
        var frameworks = string.Join(", ", readable.Select(p => p.Framework).Distinct());
        if (options.Count == 1 && problems.Count == 0)
        {
            var selector = entry.EndsWith("proj", StringComparison.Ordinal) ? "--project" : "--solution";
            return new DotnetTestPlan([new DotnetTestCommand(["test", selector, entry, "--no-build", options[0], "--results-directory", results],
                $"dotnet test, Microsoft.Testing.Platform mode ({frameworks}): dotnet test {selector} {entry} {options[0]}")], problems);
        }
        // Mixed report options (or unreadable projects) cannot share one command: an unknown option stops a test app.
        var commands = readable.Select(p => new DotnetTestCommand(["test", "--project", p.Path, "--no-build", p.ReportOption!, "--results-directory", results],
            $"dotnet test, Microsoft.Testing.Platform mode ({p.Framework}): dotnet test --project {p.Path} {p.ReportOption}")).ToList();
        return new DotnetTestPlan(commands, problems);
    }
}
