using System.Text.Json;
using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Flow;

/// <summary>Continues on every named branch at once.</summary>
[Activity("Elsa", "Branching", "Continues on every branch at once.", DisplayName = "Fork (flow)")]
[FlowNode]
public sealed class FlowFork : IActivity, IDynamicOutcomes
{
    /// <summary>Branch names, as a list or comma-separated text.</summary>
    [Input(Description = "The branches to continue on.", UIHint = "dynamic-outcomes")]
    public Input<object> Branches { get; set; } = null!;

    /// <inheritdoc />
    public IEnumerable<string> GetOutcomes() => ParseLiteral(Branches.Expression?.Value);

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete([.. ToNames(context.Get(Branches))]);
        return ValueTask.CompletedTask;
    }

    private static IEnumerable<string> ParseLiteral(JsonElement? value)
    {
        if (value is not { } v) return [];
        if (v.ValueKind == JsonValueKind.Array) return v.EnumerateArray().Select(e => e.ToString());
        if (v.ValueKind != JsonValueKind.String) return [];
        var text = v.GetString() ?? "";
        if (text.TrimStart().StartsWith('['))
        {
            try { return JsonSerializer.Deserialize<List<string>>(text) ?? []; } catch (JsonException) { return []; }
        }
        return SplitNames(text);
    }

    private static IEnumerable<string> ToNames(object? value) => value switch
    {
        null => [],
        string s when s.TrimStart().StartsWith('[') => JsonSerializer.Deserialize<List<string>>(s) ?? [],
        string s => SplitNames(s),
        IEnumerable<object?> list => list.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0),
        _ => [value.ToString()!],
    };

    private static IEnumerable<string> SplitNames(string text) =>
        text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
