namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// The one-activity workflow the CLI and the MCP tools start for an integration that needs an approval: its
/// <see cref="IntegrateTool"/> reads <c>serverName</c>, <c>capability</c> and <c>target</c> from the instance's input,
/// so one stored version serves every integration, and the instance waits on the approval like any other.
/// </summary>
public static class IntegrateToolWorkflow
{
    /// <summary>The definition's id.</summary>
    public const string DefinitionId = "integrate-tool";

    /// <summary>The id of the <see cref="IntegrateTool"/> activity in it.</summary>
    public const string ActivityId = "integrate";

    /// <summary>The definition's JSON (Elsa 3 shape).</summary>
    public const string Json = """
        {
          "id": "integrate-tool-v1", "definitionId": "integrate-tool", "version": 1, "isPublished": true, "isLatest": true,
          "name": "Integrate tool",
          "description": "Installs and probes an MCP server, then (after approval unless Discovery:AutoApprove allows it) adds it to the target's .mcp.json. Inputs: serverName or capability, target.",
          "inputs": [
            { "name": "serverName", "type": "String", "description": "The server's registry name." },
            { "name": "capability", "type": "String", "description": "The capability wanted." },
            { "name": "target", "type": "String", "description": "The folder whose .mcp.json gets the server." }
          ],
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "integrate", "type": "Agent.IntegrateTool",
                "serverName": { "typeName": "String", "expression": { "type": "JavaScript", "value": "getInput('serverName')" } },
                "capability": { "typeName": "String", "expression": { "type": "JavaScript", "value": "getInput('capability')" } },
                "target": { "typeName": "String", "expression": { "type": "JavaScript", "value": "getInput('target')" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "integrate", "port": "In" } }
            ]
          }
        }
        """;
}
