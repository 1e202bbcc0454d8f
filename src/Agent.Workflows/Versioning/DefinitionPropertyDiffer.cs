using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Compares definition-level fields: name, description, declared inputs and outputs, outcomes, options,
/// custom properties and unknown fields. Version bookkeeping (ids, version numbers, timestamps, tool
/// version, published/latest flags) always differs between versions and is deliberately skipped.
/// </summary>
internal static class DefinitionPropertyDiffer
{
    // API responses carry HAL links that change with every version and mean nothing to the workflow.
    private static readonly HashSet<string> IgnoredExtra = new(StringComparer.OrdinalIgnoreCase) { "links" };

    public static void Compare(WorkflowDefinition from, WorkflowDefinition to, DiffBuilder diff)
    {
        var changes = diff.Definition;
        if (!string.Equals(from.Name, to.Name, StringComparison.Ordinal))
            changes.Add(new PropertyDiff("name", DiffJson.Quote(from.Name), DiffJson.Quote(to.Name)));
        if (!string.Equals(from.Description, to.Description, StringComparison.Ordinal))
            changes.Add(new PropertyDiff("description", DiffJson.Quote(from.Description), DiffJson.Quote(to.Description)));
        changes.AddRange(CompareDeclarations("inputs", Declarations(from.Inputs), Declarations(to.Inputs)));
        changes.AddRange(CompareDeclarations("outputs", Declarations(from.Outputs), Declarations(to.Outputs)));
        if (!(from.Outcomes ?? []).SequenceEqual(to.Outcomes ?? [], StringComparer.Ordinal))
            changes.Add(new PropertyDiff("outcomes", RenderList(from.Outcomes), RenderList(to.Outcomes)));
        changes.AddRange(DiffJson.CompareObjects("options.", from.Options, to.Options));
        changes.AddRange(DiffJson.CompareObjects("customProperties.", from.CustomProperties, to.CustomProperties));
        changes.AddRange(DiffJson.CompareObjects("", WithoutIgnored(from.Extra), WithoutIgnored(to.Extra)));
    }

    /// <summary>Inputs and outputs share a shape; this is it, so one comparison serves both.</summary>
    private sealed record Declaration(string Name, string Type, string? DisplayName, string? Description, Dictionary<string, JsonElement>? Extra);

    private static List<Declaration> Declarations(IEnumerable<InputDefinition>? items) =>
        (items ?? []).Select(i => new Declaration(i.Name, i.Type, i.DisplayName, i.Description, i.Extra)).ToList();

    private static List<Declaration> Declarations(IEnumerable<OutputDefinition>? items) =>
        (items ?? []).Select(o => new Declaration(o.Name, o.Type, o.DisplayName, o.Description, o.Extra)).ToList();

    /// <summary>Declarations are matched by name, case-insensitively, as workflow inputs are looked up.</summary>
    private static IEnumerable<PropertyDiff> CompareDeclarations(string kind, List<Declaration> from, List<Declaration> to)
    {
        var names = from.Select(d => d.Name).Union(to.Select(d => d.Name), StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var a = from.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            var b = to.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            var prefix = $"{kind}.{b?.Name ?? name}";
            if (a is null || b is null)
            {
                yield return new PropertyDiff(prefix, a?.Type, b?.Type);
                continue;
            }
            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal))
                yield return new PropertyDiff(prefix + ".name", DiffJson.Quote(a.Name), DiffJson.Quote(b.Name));
            if (!string.Equals(a.Type, b.Type, StringComparison.Ordinal))
                yield return new PropertyDiff(prefix + ".type", a.Type, b.Type);
            if (!string.Equals(a.DisplayName, b.DisplayName, StringComparison.Ordinal))
                yield return new PropertyDiff(prefix + ".displayName", DiffJson.Quote(a.DisplayName), DiffJson.Quote(b.DisplayName));
            if (!string.Equals(a.Description, b.Description, StringComparison.Ordinal))
                yield return new PropertyDiff(prefix + ".description", DiffJson.Quote(a.Description), DiffJson.Quote(b.Description));
            foreach (var extra in DiffJson.CompareObjects(prefix + ".", a.Extra, b.Extra)) yield return extra;
        }
    }

    private static string RenderList(List<string>? items) =>
        DiffJson.Render(JsonSerializer.SerializeToElement(items ?? [])) ?? "[]";

    private static Dictionary<string, JsonElement>? WithoutIgnored(Dictionary<string, JsonElement>? extra) =>
        extra?.Where(p => !IgnoredExtra.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
