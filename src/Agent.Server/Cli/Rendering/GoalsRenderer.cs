using System.Globalization;
using Agent.Activities.Assessment;
using Agent.Activities.Goals;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>The goal tree as a Spectre.Console tree: each goal with its status and progress, each target with its value.</summary>
public sealed class GoalsRenderer(CliConsole console)
{
    /// <summary>Writes the tree.</summary>
    public void Write(string root, GoalTree goals, MeasurementSnapshot? snapshot, IReadOnlyList<GoalProgress> progress)
    {
        // Plain lines, not markup: paths are long and Spectre would wrap them at the console width.
        console.WriteLine($"Target:   {root}");
        console.WriteLine($"Goals:    {goals.Source}");
        console.WriteLine(snapshot is null
            ? "Measured: not measured yet"
            : $"Measured: snapshot {snapshot.Id} of commit {Short(snapshot.CommitId)}, {snapshot.TakenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        var tree = new Tree("[bold]goals[/]");
        foreach (var goal in progress) Add(tree.AddNode(Label(goal)), goal);
        console.Output.Write(tree);
    }

    private static void Add(TreeNode node, GoalProgress goal)
    {
        foreach (var target in goal.Targets) node.AddNode(Label(target));
        foreach (var child in goal.Children) Add(node.AddNode(Label(child)), child);
    }

    private static string Label(GoalProgress goal) =>
        $"{Status(goal.Status)} [bold]{Markup.Escape(goal.Goal.Id)}[/] {Markup.Escape(goal.Goal.Title)} {Percent(goal.Progress)}";

    private static string Label(TargetProgress target)
    {
        var text = Markup.Escape(target.Target.ToString());
        return target.Value is { } value
            ? $"{Status(target.Status)} {text}: {value.ToString("0.##", CultureInfo.InvariantCulture)} {Percent(target.Progress)}"
            : $"{Status(target.Status)} {text}: [grey]unknown ({Markup.Escape(target.UnknownReason ?? "not measured")})[/]";
    }

    private static string Status(GoalStatus status) => status switch
    {
        GoalStatus.Met => "[green]✔[/]",
        GoalStatus.Unmet => "[red]✘[/]",
        _ => "[grey]?[/]",
    };

    private static string Percent(double? progress) =>
        progress is { } p ? $"[cyan]{(p * 100).ToString("0", CultureInfo.InvariantCulture)}%[/]" : "[grey]–[/]";

    private static string Short(string? commit) => commit is { Length: > 7 } ? commit[..7] : commit ?? "(none)";
}

/// <summary>The JSON shape of <c>agent goals --json</c>.</summary>
public static class GoalsJson
{
    /// <summary>The document: target, goalsSource, snapshot (id, commitId, takenAt) or null, goals, staleGoals (goalId, title, cycles, evidence).</summary>
    public static object From(string root, GoalTree goals, MeasurementSnapshot? snapshot, IReadOnlyList<GoalProgress> progress, IReadOnlyList<Agent.Activities.Safety.Decisions.StaleGoal>? stale = null) => new
    {
        target = root,
        goalsSource = goals.Source,
        snapshot = snapshot is null ? null : new { id = snapshot.Id, commitId = snapshot.CommitId, takenAt = snapshot.TakenAt },
        goals = progress.Select(Goal).ToList(),
        staleGoals = (stale ?? []).Select(s => new { goalId = s.GoalId, title = s.Title, cycles = s.Cycles, evidence = s.Evidence }).ToList(),
    };

    private static object Goal(GoalProgress goal) => new
    {
        id = goal.Goal.Id,
        title = goal.Goal.Title,
        weight = goal.Goal.Weight,
        status = goal.Status.ToString().ToLowerInvariant(),
        progress = goal.Progress,
        targets = goal.Targets.Select(t => new
        {
            metric = t.Target.Metric,
            comparison = t.Target.Comparison == TargetComparison.AtLeast ? "min" : "max",
            threshold = t.Target.Threshold,
            value = t.Value,
            progress = t.Progress,
            status = t.Status.ToString().ToLowerInvariant(),
            unknownReason = t.UnknownReason,
        }).ToList(),
        children = goal.Children.Select(Goal).ToList(),
    };
}
