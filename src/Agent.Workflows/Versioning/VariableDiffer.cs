using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Compares variable declarations. Variables are matched by id; those left over are matched by name,
/// because definitions written by hand or by older tools often regenerate ids on save.
/// </summary>
internal static class VariableDiffer
{
    public static void Compare(List<VariableDefinition>? from, List<VariableDefinition>? to, DiffBuilder diff)
    {
        var unmatchedFrom = (from ?? []).ToList();
        var unmatchedTo = (to ?? []).ToList();
        var pairs = new List<(VariableDefinition From, VariableDefinition To)>();
        Match(unmatchedFrom, unmatchedTo, pairs, v => v.Id, requireValue: true);
        Match(unmatchedFrom, unmatchedTo, pairs, v => v.Name, requireValue: false);

        diff.VariablesRemoved.AddRange(unmatchedFrom.Select(Entry));
        diff.VariablesAdded.AddRange(unmatchedTo.Select(Entry));
        foreach (var (a, b) in pairs)
        {
            var changes = CompareOne(a, b);
            if (changes.Count > 0) diff.VariablesChanged.Add(new VariableChange(b.Id, b.Name, changes));
        }
    }

    /// <summary>Moves every pair with equal keys from the unmatched lists into <paramref name="pairs"/>.</summary>
    private static void Match(
        List<VariableDefinition> from, List<VariableDefinition> to,
        List<(VariableDefinition, VariableDefinition)> pairs, Func<VariableDefinition, string> key, bool requireValue)
    {
        foreach (var a in from.ToList())
        {
            // An empty id identifies nothing; such variables can still be matched by name.
            if (requireValue && string.IsNullOrEmpty(key(a))) continue;
            var b = to.FirstOrDefault(v => string.Equals(key(v), key(a), StringComparison.Ordinal));
            if (b is null) continue;
            pairs.Add((a, b));
            from.Remove(a);
            to.Remove(b);
        }
    }

    private static List<PropertyDiff> CompareOne(VariableDefinition a, VariableDefinition b)
    {
        var changes = new List<PropertyDiff>();
        AddIfDifferent(changes, "id", a.Id, b.Id);
        AddIfDifferent(changes, "name", a.Name, b.Name);
        AddIfDifferent(changes, "typeName", a.TypeName, b.TypeName, quote: false);
        if (a.IsArray != b.IsArray) changes.Add(new PropertyDiff("isArray", Bool(a.IsArray), Bool(b.IsArray)));
        if (!DiffJson.Same(a.Value, b.Value)) changes.Add(new PropertyDiff("value", DiffJson.Render(a.Value), DiffJson.Render(b.Value)));
        AddIfDifferent(changes, "storageDriverTypeName", a.StorageDriverTypeName, b.StorageDriverTypeName, quote: false);
        changes.AddRange(DiffJson.CompareObjects("", a.Extra, b.Extra));
        return changes;
    }

    private static void AddIfDifferent(List<PropertyDiff> changes, string property, string? a, string? b, bool quote = true)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return;
        changes.Add(quote ? new PropertyDiff(property, DiffJson.Quote(a), DiffJson.Quote(b)) : new PropertyDiff(property, a, b));
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static VariableDiffEntry Entry(VariableDefinition v) => new(v.Id, v.Name, v.TypeName);
}
