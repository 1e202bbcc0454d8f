using System.Globalization;
using Agent.Workflows.Runtime;

namespace Agent.Server.MainJob;

/// <summary>
/// The <c>summary</c> variable the improvement cycle sets at every end, read as plain values: outcome, reason, gaps
/// found, top gap, tests before and after, score, gate failures, commit, diff stat, cost, tokens, approval id.
/// </summary>
public sealed class CycleSummary(IReadOnlyDictionary<string, object?> values)
{
    /// <summary>The name of the workflow variable.</summary>
    public const string VariableName = "summary";

    /// <summary>The summary of <paramref name="instance"/>, or null when the cycle ended before writing one (e.g. a fault).</summary>
    public static CycleSummary? From(WorkflowInstance instance) =>
        instance.State.Variables.GetValueOrDefault(VariableName) is IReadOnlyDictionary<string, object?> plain ? new CycleSummary(plain) : null;

    /// <summary>A top-level value as text (empty when absent).</summary>
    public string Text(string key) => Format(values.GetValueOrDefault(key));

    /// <summary>A nested object, or null.</summary>
    public IReadOnlyDictionary<string, object?>? Object(string key) => values.GetValueOrDefault(key) as IReadOnlyDictionary<string, object?>;

    /// <summary>A list of objects (empty when absent).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Objects(string key) =>
        values.GetValueOrDefault(key) is IEnumerable<object?> items ? [.. items.OfType<IReadOnlyDictionary<string, object?>>()] : [];

    /// <summary>A list of texts (empty when absent).</summary>
    public IReadOnlyList<string> List(string key) =>
        values.GetValueOrDefault(key) is IEnumerable<object?> items ? [.. items.Select(Format)] : [];

    /// <summary><c>passed/total passed, failed failed</c> for a tests object, or <c>not measured</c>.</summary>
    public string Tests(string key) => Object(key) is { } t
        ? $"{Format(t.GetValueOrDefault("passed"))}/{Format(t.GetValueOrDefault("total"))} passed, {Format(t.GetValueOrDefault("failed"))} failed"
        : "not measured";

    /// <summary>Plain values as the summary shows them.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
