using Agent.Activities.Assessment;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent assess [--target PATH] [--json]</c>: measures a repository as the cycle would (installs its dependencies,
/// builds, runs its tests with the runners it uses, reads docs, TODOs and packages) and prints what was measured and
/// what could not be, without running a cycle or storing a snapshot — a check before trusting the agent with it.
/// </summary>
public sealed class AssessVerb : Verb
{
    private readonly Option<string?> _target = new("--target") { Description = "The git repository to measure (default: the current directory)." };
    private readonly Option<bool> _json = CommonOptions.Json("the measurement");

    /// <summary>Creates the verb.</summary>
    public AssessVerb(CliContext context) : base(context, "assess", "Measure a repository as the agent would (dependencies, build, test runners and tests, coverage, docs, TODOs, packages) without running a cycle; every unknown metric says why.")
    {
        Command.Add(_target);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var target = parse.GetValue(_target) ?? Directory.GetCurrentDirectory();
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        MeasurementSnapshot snapshot;
        try
        {
            snapshot = await session.Get<AssessmentService>().MeasureAsync(target, new StderrProgress(Console.Error), cancellationToken);
        }
        catch (AssessmentException e)
        {
            throw new CliUsageException(e.Message);
        }
        if (parse.GetValue(_json)) Console.WriteJson(AssessJson.From(snapshot));
        else new AssessRenderer(Console).Write(snapshot);
        return ExitCodes.Success;
    }

    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"measuring: {value}");
    }
}
