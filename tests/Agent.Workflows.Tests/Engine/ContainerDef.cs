using System.Text.Json.Nodes;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Builds Elsa 3 composite activities (bodies, branches, nested flowcharts) for tests.</summary>
internal static class ContainerDef
{
    public static JsonObject SubFlowchart(string id, IEnumerable<JsonObject> activities, IEnumerable<JsonObject>? connections = null) =>
        new()
        {
            ["id"] = id, ["nodeId"] = id, ["type"] = "Elsa.Flowchart", ["version"] = 1,
            ["activities"] = new JsonArray([.. activities]), ["connections"] = new JsonArray([.. connections ?? []]),
        };

    public static JsonObject With(this JsonObject activity, string port, JsonNode? child)
    {
        activity[port] = child;
        return activity;
    }

    public static JsonObject Container(string id, string type, params JsonObject[] activities)
    {
        var a = A(id, type);
        a["activities"] = new JsonArray([.. activities]);
        return a;
    }

    public static JsonObject WriteJs(string id, string script) => A(id, "Elsa.WriteLine", ("text", Js(script, "String")));

    public static JsonObject Case(string label, string script, JsonObject? activity) =>
        new() { ["label"] = label, ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script }, ["activity"] = activity };
}
