using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Compares the behaviour-relevant fields of one activity present in both versions: type, version,
/// name, inputs and unknown properties, custom properties, and the order of children in ordered containers.
/// Layout and designer metadata are left to <see cref="ActivityLayoutDiffer"/>.
/// </summary>
internal static class ActivityPropertyDiffer
{
    public static List<PropertyDiff> Compare(ActivityNode from, ActivityNode to)
    {
        var changes = new List<PropertyDiff>();
        // Only the root can be matched despite differing ids; children are matched by id.
        if (!string.Equals(from.Id, to.Id, StringComparison.Ordinal))
            changes.Add(new PropertyDiff("id", from.Id, to.Id));
        if (!string.Equals(from.Type, to.Type, StringComparison.Ordinal))
            changes.Add(new PropertyDiff("type", from.Type, to.Type));
        if (from.Version != to.Version)
            changes.Add(new PropertyDiff("version", Num(from.Version), Num(to.Version)));
        if (!string.Equals(from.Name, to.Name, StringComparison.Ordinal))
            changes.Add(new PropertyDiff("name", DiffJson.Quote(from.Name), DiffJson.Quote(to.Name)));
        changes.AddRange(CompareProperties(from.Properties, to.Properties));
        changes.AddRange(DiffJson.CompareObjects("customProperties.", from.CustomProperties, to.CustomProperties));
        if (CompareChildOrder(from, to) is { } order) changes.Add(order);
        return changes;
    }

    /// <summary>
    /// Inputs are matched by name case-insensitively, as <see cref="ActivityNode.TryGetProperty"/> reads
    /// them, so re-casing a key is not reported as a removal plus an addition.
    /// </summary>
    private static IEnumerable<PropertyDiff> CompareProperties(
        Dictionary<string, JsonElement>? from, Dictionary<string, JsonElement>? to)
    {
        var names = (to?.Keys ?? Enumerable.Empty<string>()).Union(from?.Keys ?? Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var a = Find(from, name);
            var b = Find(to, name);
            if (InputDiffer.Compare(name, a, b) is { } change) yield return change;
        }
    }

    private static JsonElement? Find(Dictionary<string, JsonElement>? properties, string name)
    {
        if (properties is null) return null;
        if (properties.TryGetValue(name, out var exact)) return exact;
        foreach (var (key, value) in properties)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>
    /// In containers without connections (sequences and the like) children run in list order, so moving
    /// one is behavioural. In a flowchart, order is irrelevant: connections decide.
    /// </summary>
    private static PropertyDiff? CompareChildOrder(ActivityNode from, ActivityNode to)
    {
        if (from.Activities is null || to.Activities is null || to.Connections is not null) return null;
        var toIds = to.Activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var fromIds = from.Activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var before = from.Activities.Select(a => a.Id).Where(toIds.Contains).ToList();
        var after = to.Activities.Select(a => a.Id).Where(fromIds.Contains).ToList();
        if (before.SequenceEqual(after, StringComparer.Ordinal)) return null;
        return new PropertyDiff("activities.order", $"[{string.Join(", ", before)}]", $"[{string.Join(", ", after)}]");
    }

    private static string Num(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
