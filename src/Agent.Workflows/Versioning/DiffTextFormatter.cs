using System.Text;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Renders a <see cref="DefinitionDiff"/> as plain text for people, the CLI and logs:
/// a heading, then one section per kind of change (<c>+</c> added, <c>-</c> removed, <c>~</c> changed),
/// with layout last under "Layout only". Sections without entries are left out.
/// </summary>
public static class DiffTextFormatter
{
    private const string Arrow = " → ";
    private const string None = "(none)";
    private const string Indent = "  ";
    private const string DetailIndent = "      ";

    /// <summary>Formats <paramref name="diff"/>; lines end with <c>\n</c> on every platform so snapshots are stable.</summary>
    public static string Format(DefinitionDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var text = new StringBuilder();
        Line(text, $"{(string.IsNullOrEmpty(diff.Name) ? diff.DefinitionId : diff.Name)}: v{diff.FromVersion}{Arrow}v{diff.ToVersion}");
        if (!diff.HasChanges) { Line(text, "No differences."); return text.ToString(); }
        if (!diff.HasBehaviouralChanges) Line(text, "No behavioural changes.");

        Section(text, "Definition", diff.Definition.Select(c => $"~ {Change(c, ": ")}"));
        Section(text, "Activities", Activities(diff.Activities));
        Section(text, "Connections", Connections(diff.Connections));
        Section(text, "Variables", Variables(diff.Variables));
        Section(text, "Layout only", Layout(diff.Layout));
        return text.ToString();
    }

    private static IEnumerable<string> Activities(ActivityDiffSet set)
    {
        foreach (var a in set.Added) yield return $"+ {Describe(a)}";
        foreach (var a in set.Removed) yield return $"- {Describe(a)}";
        foreach (var a in set.Changed) yield return Changes($"~ {Show(a.Path, a.Id)} ({a.Type})", a.Changes, ": ");
    }

    private static string Describe(ActivityDiffEntry a) =>
        a.Name is null ? $"{Show(a.Path, a.Id)} ({a.Type})" : $"{Show(a.Path, a.Id)} ({a.Type} {DiffJson.Quote(a.Name)})";

    private static IEnumerable<string> Connections(ConnectionDiffSet set)
    {
        foreach (var c in set.Added) yield return $"+ {Describe(c)}";
        foreach (var c in set.Removed) yield return $"- {Describe(c)}";
        foreach (var c in set.Changed) yield return Changes($"~ {Describe(c.Connection)}", c.Changes, ": ");
    }

    /// <summary>Connections of the root flowchart need no location; nested ones name their flowchart.</summary>
    private static string Describe(ConnectionDiffEntry c) => c.Container.Contains('/') ? $"{c} (in {c.Container})" : c.ToString();

    private static IEnumerable<string> Variables(VariableDiffSet set)
    {
        foreach (var v in set.Added) yield return $"+ {v.Name} ({v.TypeName})";
        foreach (var v in set.Removed) yield return $"- {v.Name} ({v.TypeName})";
        foreach (var v in set.Changed) yield return Changes($"~ {v.Name}", v.Changes, " ");
    }

    private static IEnumerable<string> Layout(LayoutDiff layout)
    {
        foreach (var m in layout.Moved)
            yield return $"{Show(m.Path, m.Id)} moved {m.From?.ToString() ?? None}{Arrow}{m.To?.ToString() ?? None}";
        foreach (var r in layout.Resized)
            yield return $"{Show(r.Path, r.Id)} resized {r.From?.ToString() ?? None}{Arrow}{r.To?.ToString() ?? None}";
        foreach (var v in layout.Vertices)
            yield return $"{Describe(v.Connection)} vertices [{string.Join(",", v.From)}]{Arrow}[{string.Join(",", v.To)}]";
        foreach (var m in layout.Metadata)
            yield return Changes($"{Show(m.Path, m.Id)} metadata", m.Changes, ": ");
    }

    /// <summary>One change fits on the heading line; several go on their own lines beneath it.</summary>
    private static string Changes(string heading, IReadOnlyList<PropertyDiff> changes, string separator)
    {
        if (changes.Count == 1) return $"{heading}: {Change(changes[0], separator)}";
        var lines = changes.Select(c => $"\n{DetailIndent}{Change(c, separator)}");
        return heading + string.Concat(lines);
    }

    private static string Change(PropertyDiff c, string separator)
    {
        var (from, to) = DiffTextAbbreviator.Abbreviate(c.From, c.To);
        return $"{c.Property}{separator}{from ?? None}{Arrow}{to ?? None}";
    }

    /// <summary>Direct children of the root show their bare id; deeper activities show the full path.</summary>
    private static string Show(string path, string id) => path.Count(c => c == '/') > 1 ? path : id;

    private static void Section(StringBuilder text, string title, IEnumerable<string> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0) return;
        Line(text, title);
        foreach (var entry in list) Line(text, Indent + entry);
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
