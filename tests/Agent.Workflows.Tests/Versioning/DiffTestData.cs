using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>Definitions for the diff tests: one base version, parsed twice so a test can edit the newer copy.</summary>
internal static class DiffTestData
{
    public const string BaseJson = """
    {
      "id": "wf-v2", "definitionId": "wf", "name": "Improvement cycle", "version": 2,
      "description": "Improves things",
      "inputs": [ { "name": "Amount", "type": "Int32" } ],
      "outputs": [ { "name": "Result", "type": "String" } ],
      "options": { "usableAsActivity": false },
      "customProperties": { "owner": "team-a" },
      "variables": [
        { "id": "var1", "name": "Counter", "typeName": "Int32", "value": 1 },
        { "id": "var2", "name": "Message", "typeName": "String", "value": "hi" }
      ],
      "root": {
        "id": "root", "type": "Elsa.Flowchart",
        "activities": [
          { "id": "a1", "type": "Elsa.Start",
            "metadata": { "designer": { "position": { "x": 10, "y": 20 }, "size": { "width": 100, "height": 50 } } } },
          { "id": "a2", "type": "Elsa.SetVariable", "name": "Bump",
            "value": { "typeName": "Object", "expression": { "type": "Literal", "value": "1" } } },
          { "id": "a3", "type": "Elsa.Delay",
            "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "00:00:01" } } },
          { "id": "sub1", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "b1", "type": "Elsa.WriteLine",
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hi" } } },
              { "id": "b2", "type": "Elsa.End" }
            ],
            "connections": [ { "source": { "activity": "b1", "port": "Done" }, "target": { "activity": "b2", "port": "In" } } ] }
        ],
        "connections": [
          { "source": { "activity": "a1", "port": "Done" }, "target": { "activity": "a2", "port": "In" } },
          { "source": { "activity": "a2", "port": "Done" }, "target": { "activity": "a3", "port": "In" },
            "vertices": [ { "x": 1, "y": 2 } ] },
          { "source": { "activity": "a3", "port": "Done" }, "target": { "activity": "sub1", "port": "In" } }
        ]
      }
    }
    """;

    public static WorkflowDefinition Parse(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options)
        ?? throw new InvalidOperationException("Test definition did not parse.");

    /// <summary>Version 2 and an identical version 3 to edit.</summary>
    public static (WorkflowDefinition From, WorkflowDefinition To) Pair()
    {
        var from = Parse(BaseJson);
        var to = Parse(BaseJson);
        to.Id = "wf-v3";
        to.Version = 3;
        return (from, to);
    }

    public static ActivityNode Activity(this WorkflowDefinition definition, string id) =>
        definition.Root.Activities!.Single(a => a.Id == id);

    public static ActivityNode Child(this ActivityNode container, string id) => container.Activities!.Single(a => a.Id == id);

    public static ActivityNode ParseActivity(string json) =>
        JsonSerializer.Deserialize<ActivityNode>(json, WorkflowJson.Options)
        ?? throw new InvalidOperationException("Test activity did not parse.");

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static InputValue Literal(string text, string typeName = "Object") => new(typeName, ExpressionModel.Literal(text));
}
