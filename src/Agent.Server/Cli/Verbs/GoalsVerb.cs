using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Goals;
using Agent.Activities.Safety.Decisions;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent goals [--target PATH] [--measure] [--json]</c>: the target's goal tree with progress from its latest snapshot, and the goals whose metrics have not moved in Safety:Decisions:StaleGoalCycles cycles.</summary>
public sealed class GoalsVerb : Verb
{
    private readonly Option<string?> _target = new("--target") { Description = "The git repository whose goals to show (default: the current directory)." };
    private readonly Option<bool> _measure = new("--measure") { Description = "Measure the target now (build, tests, docs, TODOs) and store a snapshot first." };
    private readonly Option<bool> _json = CommonOptions.Json("the goal tree with progress");

    /// <summary>Creates the verb.</summary>
    public GoalsVerb(CliContext context) : base(context, "goals", "Show the target's goal tree (agent.goals.yaml or the defaults) with progress computed from its latest snapshot.")
    {
        Command.Add(_target);
        Command.Add(_measure);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var target = parse.GetValue(_target) ?? Directory.GetCurrentDirectory();
        string root;
        GoalTree goals;
        try
        {
            root = await session.Get<GitRepositoryProbe>().RequireRootAsync(target, cancellationToken);
            goals = await session.Get<GoalsFileReader>().LoadAsync(root, cancellationToken);
        }
        catch (AssessmentException e)
        {
            throw new CliUsageException(e.Message);
        }
        catch (GoalsFileException e)
        {
            throw new CliUsageException(e.Message);
        }

        var snapshot = parse.GetValue(_measure)
            ? await session.Get<AssessmentService>().AssessAsync(root, new StderrProgress(Console.Error), cancellationToken)
            : await session.Get<SnapshotStore>().LatestAsync(root, cancellationToken);
        var progress = session.Get<GoalProgressCalculator>().Compute(goals, snapshot ?? new MeasurementSnapshot { TargetPath = root });
        if (snapshot is null) Console.WriteError($"note: {root} has not been measured yet; every target shows as unknown. Run 'agent goals --target {root} --measure' to measure it.");

        var stale = await session.Get<GoalStaleness>().FindAsync(goals, root, cancellationToken);
        if (parse.GetValue(_json)) Console.WriteJson(GoalsJson.From(root, goals, snapshot, progress, stale));
        else
        {
            new GoalsRenderer(Console).Write(root, goals, snapshot, progress);
            foreach (var goal in stale) Console.WriteLine($"stale: {goal}");
        }
        return ExitCodes.Success;
    }

    private sealed class StderrProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine($"measuring: {value}");
    }
}
