using System.Text.Json.Nodes;

namespace Agent.Server.Tests.Cli;

/// <summary>Definition JSON for CLI tests, derived from the samples so they stay in the Elsa 3 shape.</summary>
internal static class CliDefinitions
{
    /// <summary>An invalid definition with two problems: an unknown activity type and a connection to nowhere.</summary>
    public const string Invalid = """
        {
          "definitionId": "broken", "version": 1, "name": "Broken",
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "a", "type": "Elsa.DoesNotExist" },
              { "id": "b", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hi" } } }
            ],
            "connections": [ { "source": { "activity": "b", "port": "Done" }, "target": { "activity": "nowhere", "port": "In" } } ]
          }
        }
        """;

    /// <summary>Writes a line, then faults.</summary>
    public const string Faulting = """
        {
          "definitionId": "faulting", "version": 1, "name": "Faulting", "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "about to fail" } } },
              { "id": "fail", "type": "Elsa.Fault", "message": { "typeName": "String", "expression": { "type": "Literal", "value": "deliberate failure" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "say", "port": "In" } },
              { "source": { "activity": "say", "port": "Done" }, "target": { "activity": "fail", "port": "In" } }
            ]
          }
        }
        """;

    /// <summary>The hello sample as version 2: the "small" line reads differently and the version id is new.</summary>
    public static string HelloVersion2()
    {
        var hello = JsonNode.Parse(File.ReadAllText(AgentRepository.Workflow("hello.json")))!.AsObject();
        hello["id"] = "hello-v2";
        hello["version"] = 2;
        var small = hello["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "small")!;
        small["text"]!["expression"]!["value"] = "The answer is small, for now.";
        return hello.ToJsonString();
    }
}
