using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Activities;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;

namespace Agent.Server.Api;

/// <summary>
/// Writes an engine descriptor as Elsa 3's <c>/descriptors/activities</c> writes the same activity, where the two
/// differ: which ports are listed, what counts as a container, what the toolbox hides, and the UI hints' spelling.
/// </summary>
public static class ElsaActivityDescriptorJson
{
    /// <summary>The descriptor in Elsa's JSON shape.</summary>
    public static JsonObject ToJson(ActivityDescriptor descriptor)
    {
        var json = JsonSerializer.SerializeToNode(descriptor, WorkflowJson.Options)!.AsObject();
        json["constructionProperties"] ??= new JsonObject();
        if (json["inputs"] is JsonArray inputs)
            foreach (var input in inputs.OfType<JsonObject>()) AdaptInput(input);
        json["ports"] = Ports(descriptor);
        var embedded = descriptor.Ports.Any(p => p.Type == PortType.Embedded);
        // Elsa's IsContainer means "holds a list of activities" (Flowchart, Sequence, Parallel); an activity with
        // embedded ports (a loop, If, the FlowNode "Container") is not one, though the engine runs it as a composite.
        json["isContainer"] = descriptor.IsContainer && !embedded;
        return json;
    }

    // Elsa lists embedded ports first, then the declared outcomes (a [FlowNode]'s, a workflow's). The engine gives an
    // activity that declares none the single outcome Done; Elsa's descriptor has no flow port then, and the Studio draws
    // Done itself unless the activity is terminal (Break, Complete, End).
    private static JsonArray Ports(ActivityDescriptor descriptor)
    {
        var flow = descriptor.Ports.Where(p => p.Type == PortType.Flow).ToList();
        var implicitDone = flow is [{ Name: "Done" }] && descriptor.ClrType?.GetCustomAttribute<FlowNodeAttribute>() is null;
        var ports = descriptor.Ports.Where(p => p.Type == PortType.Embedded).Concat(implicitDone ? [] : flow);
        return JsonSerializer.SerializeToNode(ports.ToList(), WorkflowJson.Options)!.AsArray();
    }

    // Elsa's UI hints are lower-case names (singleline, dropdown…) and a drop-down's options are {items: [{text, value}]}.
    private static void AdaptInput(JsonObject input)
    {
        if (input["uiHint"]?.GetValue<string>() is { } hint) input["uiHint"] = hint.ToLowerInvariant();
        if (input["options"] is JsonArray values)
        {
            var items = new JsonArray();
            foreach (var v in values) items.Add(new JsonObject { ["text"] = v?.ToString(), ["value"] = v?.ToString() });
            input["options"] = new JsonObject { ["items"] = items, ["isFlagsEnum"] = false };
        }
    }
}
