namespace Agent.Activities.Learning.Patterns;

/// <summary>
/// The identity of an approach for pattern mining. A planner that names its strategy (<see cref="Approach.Name"/>)
/// gets that name; otherwise the approach is identified by its features: the tools used (sorted, distinct) and the model.
/// Files and turns are results, not choices, so they are not part of the key.
/// </summary>
public static class ApproachKeys
{
    /// <summary>The key of <paramref name="approach"/>, lower case.</summary>
    public static string For(Approach approach)
    {
        ArgumentNullException.ThrowIfNull(approach);
        if (!string.IsNullOrWhiteSpace(approach.Name)) return approach.Name.Trim().ToLowerInvariant();
        var tools = approach.Tools.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal);
        var key = "tools:" + string.Join('+', tools);
        return string.IsNullOrWhiteSpace(approach.Model) ? key : key + "|model:" + approach.Model.Trim().ToLowerInvariant();
    }
}

/// <summary>How a task was (or would be) attempted.</summary>
public sealed record Approach
{
    /// <summary>The planner's name for the strategy, e.g. <c>read-then-edit</c>; when set it is the pattern key.</summary>
    public string? Name { get; init; }

    /// <summary>The tools the model used (Bash, Edit, Read…).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>The files the attempt touched, relative to the repository.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The model that did the work.</summary>
    public string? Model { get; init; }

    /// <summary>Model turns used.</summary>
    public int Turns { get; init; }
}
