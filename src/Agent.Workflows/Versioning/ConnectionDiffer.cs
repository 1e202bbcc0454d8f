using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Compares the connections of one flowchart. Connections are matched by both endpoints; a matched
/// pair's vertices are layout, any other stored property is reported as a behavioural change.
/// </summary>
internal static class ConnectionDiffer
{
    private const string VerticesKey = "vertices";

    public static void Compare(string container, List<Connection>? from, List<Connection>? to, DiffBuilder diff)
    {
        var before = Group(container, from);
        var after = Group(container, to);
        foreach (var (key, olds) in before)
        {
            var news = after.GetValueOrDefault(key) ?? [];
            // Duplicated connections are matched pairwise in order; the surplus is added or removed.
            for (var i = 0; i < olds.Count; i++)
            {
                if (i >= news.Count) { diff.ConnectionsRemoved.Add(key); continue; }
                CompareMatched(key, olds[i], news[i], diff);
            }
        }
        foreach (var (key, news) in after)
        {
            var oldCount = before.GetValueOrDefault(key)?.Count ?? 0;
            for (var i = oldCount; i < news.Count; i++) diff.ConnectionsAdded.Add(key);
        }
    }

    private static Dictionary<ConnectionDiffEntry, List<Connection>> Group(string container, List<Connection>? connections)
    {
        var groups = new Dictionary<ConnectionDiffEntry, List<Connection>>();
        foreach (var c in connections ?? [])
        {
            var key = new ConnectionDiffEntry(container, c.Source.Activity, c.Source.Port, c.Target.Activity, c.Target.Port);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(c);
        }
        return groups;
    }

    private static void CompareMatched(ConnectionDiffEntry key, Connection from, Connection to, DiffBuilder diff)
    {
        var v1 = ReadVertices(from.Extra);
        var v2 = ReadVertices(to.Extra);
        if (!v1.SequenceEqual(v2)) diff.Vertices.Add(new ConnectionVerticesDiff(key, v1, v2));

        var changes = DiffJson.CompareObjects("", WithoutVertices(from.Extra), WithoutVertices(to.Extra)).ToList();
        if (changes.Count > 0) diff.ConnectionsChanged.Add(new ConnectionChange(key, changes));
    }

    private static List<LayoutPoint> ReadVertices(Dictionary<string, JsonElement>? extra)
    {
        var raw = extra?.FirstOrDefault(p => IsVertices(p.Key)).Value;
        if (raw is not { ValueKind: JsonValueKind.Array }) return [];
        return JsonNode.Parse(raw.Value.GetRawText()) is JsonArray points
            ? points.Select(ActivityLayoutDiffer.ReadPoint).OfType<LayoutPoint>().ToList()
            : [];
    }

    private static bool IsVertices(string key) => string.Equals(key, VerticesKey, StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, JsonElement>? WithoutVertices(Dictionary<string, JsonElement>? extra) =>
        extra?.Where(p => !IsVertices(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
