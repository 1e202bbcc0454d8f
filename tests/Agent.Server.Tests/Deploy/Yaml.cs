using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Agent.Server.Tests.Deploy;

/// <summary>
/// YAML documents as plain trees (string-keyed dictionaries, lists, strings) read with YamlDotNet, and path lookups on
/// them, so manifest checks read like the manifests: <c>doc.At("spec", "replicas")</c>.
/// </summary>
internal static class Yaml
{
    /// <summary>Every document of <paramref name="text"/>; empty documents are skipped.</summary>
    public static List<Dictionary<string, object?>> Documents(string text)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(text));
        var deserializer = new DeserializerBuilder().Build();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<string, object?>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            if (Normalize(deserializer.Deserialize<object?>(parser)) is Dictionary<string, object?> document) documents.Add(document);
        }
        return documents;
    }

    /// <summary>The value at <paramref name="path"/> (keys, or list indexes as ints), or null when any step is missing.</summary>
    public static object? At(this object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key),
                (List<object?> list, int index) when index < list.Count => list[index],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public static string? Text(this object? node, params object[] path) => node.At(path) as string;

    /// <summary>The list at <paramref name="path"/>, or an empty one.</summary>
    public static List<object?> List(this object? node, params object[] path) => node.At(path) as List<object?> ?? [];

    /// <summary>The map at <paramref name="path"/>, or an empty one.</summary>
    public static Dictionary<string, object?> Map(this object? node, params object[] path) => node.At(path) as Dictionary<string, object?> ?? [];

    /// <summary>The document's kind and name, for messages.</summary>
    public static string Describe(this Dictionary<string, object?> document) => $"{document.Text("kind")} {document.Text("metadata", "name")}";

    private static object? Normalize(object? node) => node switch
    {
        Dictionary<object, object?> map => map.ToDictionary(e => e.Key.ToString()!, e => Normalize(e.Value)),
        List<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };
}
