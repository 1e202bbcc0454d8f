using System.Text.Json.Nodes;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Builds definition JSON in Elsa 3's shape for tests, so the reader is exercised too.</summary>
internal static class Def
{
    public static JsonObject Lit(object? value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = JsonValue.Create(value) } };

    public static JsonObject Js(string script, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } };

    public static JsonObject A(string id, string type, params (string Name, JsonNode? Value)[] inputs)
    {
        var a = new JsonObject { ["id"] = id, ["nodeId"] = id, ["type"] = type, ["version"] = 1, ["name"] = id, ["customProperties"] = new JsonObject(), ["metadata"] = new JsonObject() };
        foreach (var (name, value) in inputs) a[name] = value;
        return a;
    }

    public static JsonObject WriteLine(string id, string text) => A(id, "Elsa.WriteLine", ("text", Lit(text)));
    public static JsonObject Decision(string id, string script) => A(id, "Elsa.FlowDecision", ("condition", Js(script, "Boolean")));
    public static JsonObject Join(string id, string mode) => A(id, "Elsa.FlowJoin", ("mode", Lit(mode)));

    public static JsonObject WithMergeMode(this JsonObject activity, string mode)
    {
        activity["customProperties"] = new JsonObject { ["mergeMode"] = mode };
        return activity;
    }

    public static JsonObject C(string from, string to, string port = "Done") =>
        new() { ["source"] = new JsonObject { ["activity"] = from, ["port"] = port }, ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" } };

    public static JsonObject Variable(string id, string name, string typeName, string? value) =>
        new() { ["id"] = id, ["name"] = name, ["typeName"] = typeName, ["isArray"] = false, ["value"] = value };

    public static string Flowchart(IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections, IEnumerable<JsonObject>? variables = null, string id = "test")
    {
        var root = new JsonObject
        {
            ["id"] = "root", ["nodeId"] = "root", ["type"] = "Elsa.Flowchart", ["version"] = 1,
            ["activities"] = new JsonArray([.. activities]), ["connections"] = new JsonArray([.. connections]),
        };
        return new JsonObject
        {
            ["id"] = $"{id}-v1", ["definitionId"] = id, ["name"] = id, ["version"] = 1, ["isPublished"] = true, ["isLatest"] = true,
            ["variables"] = new JsonArray([.. variables ?? []]), ["root"] = root,
        }.ToJsonString();
    }
}
