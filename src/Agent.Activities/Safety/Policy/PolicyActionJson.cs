using System.Globalization;
using System.Text.Json;

namespace Agent.Activities.Safety.Policy;

/// <summary>An action to explain, and the parts of its context the caller gave.</summary>
/// <param name="Action">The action.</param>
/// <param name="Worktree">The worktree, when given.</param>
/// <param name="TaskType">The task type, when given.</param>
/// <param name="ProtectedPaths">The protected paths, when given.</param>
/// <param name="BudgetUsedFraction">How much of the budget is spent, when given.</param>
/// <param name="Now">The time of the decision, when given.</param>
public sealed record ExplainRequest(PolicyAction Action, string? Worktree, string? TaskType, IReadOnlyList<string>? ProtectedPaths, double? BudgetUsedFraction, DateTimeOffset? Now);

/// <summary>
/// Reads an action written as JSON for <c>agent policy explain</c>:
/// <c>{"class": "command", "command": "git push", "tool": "Bash", "path": …, "host": …, "package": …, "risk": 0.4,
/// "context": {"worktree": …, "taskType": …, "protectedPaths": […], "budgetUsed": 0.5, "now": "2026-12-07T10:00:00Z"}}</c>
/// (<c>action</c> is accepted for <c>class</c>).
/// </summary>
public static class PolicyActionJson
{
    private static readonly string[] ActionKeys = ["class", "action", "tool", "path", "command", "host", "package", "risk", "context"];
    private static readonly string[] ContextKeys = ["worktree", "taskType", "protectedPaths", "budgetUsed", "now"];

    /// <summary>Parses <paramref name="json"/>; throws <see cref="FormatException"/> saying what is wrong and how to write it.</summary>
    public static ExplainRequest Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"the action is not JSON ({e.Message}); write e.g. '{{\"class\": \"command\", \"command\": \"git push\"}}'.");
        }
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the action must be a JSON object, e.g. {\"class\": \"file.edit\", \"path\": \"src/a.cs\"}.");
        CheckKeys(root, ActionKeys, "an action");
        var cls = Text(root, "class") ?? Text(root, "action")
            ?? throw new FormatException($"the action has no \"class\"; use one of {string.Join(", ", PolicyActionClasses.All)}.");
        if (!PolicyActionClasses.All.Contains(cls)) throw new FormatException($"unknown action class '{cls}'; use one of {string.Join(", ", PolicyActionClasses.All)}.");
        var action = new PolicyAction(cls, Text(root, "tool"), Text(root, "path"), Text(root, "command"), Text(root, "host"), Text(root, "package"), Number(root, "risk"));
        if (!root.TryGetProperty("context", out var context)) return new ExplainRequest(action, null, null, null, null, null);
        if (context.ValueKind != JsonValueKind.Object) throw new FormatException("\"context\" must be an object with worktree, taskType, protectedPaths, budgetUsed or now.");
        CheckKeys(context, ContextKeys, "the context");
        IReadOnlyList<string>? protectedPaths = null;
        if (context.TryGetProperty("protectedPaths", out var paths))
            protectedPaths = paths.ValueKind == JsonValueKind.Array && paths.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String)
                ? [.. paths.EnumerateArray().Select(p => p.GetString()!)]
                : throw new FormatException("\"protectedPaths\" must be a list of globs, e.g. [\".github/workflows/**\"].");
        DateTimeOffset? now = null;
        if (Text(context, "now") is { } text)
            now = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new FormatException($"\"now\" must be a date and time like 2026-12-07T10:00:00Z, not '{text}'.");
        return new ExplainRequest(action, Text(context, "worktree"), Text(context, "taskType"), protectedPaths, Number(context, "budgetUsed"), now);
    }

    private static void CheckKeys(JsonElement element, string[] allowed, string what)
    {
        foreach (var property in element.EnumerateObject())
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw new FormatException($"unknown key \"{property.Name}\" in {what}; allowed: {string.Join(", ", allowed)}.");
    }

    private static string? Text(JsonElement element, string key) =>
        !element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new FormatException($"\"{key}\" must be a string.");

    private static double? Number(JsonElement element, string key) =>
        !element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw new FormatException($"\"{key}\" must be a number from 0 to 1.");
}
