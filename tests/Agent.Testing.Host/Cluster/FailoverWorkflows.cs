using System.Text.Json.Nodes;

namespace Agent.Testing.Host.Cluster;

/// <summary>The definitions the replica tests run, as the workflow JSON files <c>agent serve</c> imports on start.</summary>
public static class FailoverWorkflows
{
    /// <summary>Three WriteLines: one commit per activity, done in milliseconds.</summary>
    public const string Quick = "failover-quick";
    /// <summary>
    /// Waits at the human approval gate the improvement cycle uses (<c>Agent.HumanApproval</c>, activity
    /// <see cref="ApprovalActivityId"/>) between two WriteLines; <c>approved</c> runs on its Approved outcome.
    /// </summary>
    public const string Approval = "failover-approval";
    /// <summary>The id of <see cref="Approval"/>'s approval gate.</summary>
    public const string ApprovalActivityId = "approve";
    /// <summary>The title of every approval <see cref="Approval"/> asks for.</summary>
    public const string ApprovalTitle = "Keep the failover change?";
    /// <summary>Two steps that each keep the replica busy for <see cref="SlowStepMs"/>, then a WriteLine: mid-run for seconds.</summary>
    public const string Slow = "failover-slow";
    /// <summary>
    /// <see cref="LongSteps"/> steps of <see cref="LongStepMs"/> each: mid-run for seconds, yet each step gives its
    /// thread back soon, so twenty of them at once do not starve the replica's thread pool (the failover bench).
    /// </summary>
    public const string Long = "failover-long";
    /// <summary>How many steps <see cref="Long"/> has.</summary>
    public const int LongSteps = 40;
    /// <summary>How long one step of <see cref="Long"/> runs.</summary>
    public const int LongStepMs = 250;
    /// <summary>A cron every two seconds writing one line.</summary>
    public const string Cron = "failover-cron";

    /// <summary>How long one step of <see cref="Slow"/> runs (wall clock; under the JavaScript timeout of 2 s).</summary>
    public const int SlowStepMs = 1200;

    // The approval gate ends with Approved or Rejected, not Done; the chain follows Approved.
    private const string HumanApprovalType = "Agent.HumanApproval";

    /// <summary>Writes the four definitions into <paramref name="folder"/>.</summary>
    public static void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        Write(folder, Quick, [Start(), Line("a"), Line("b"), Line("c")]);
        Write(folder, Approval, [Start(), Line("asked"), Activity(ApprovalActivityId, HumanApprovalType, ("title", ApprovalTitle), ("summary", "a change made while a replica dies")), Line("approved")]);
        // A busy wait on the clock is the one way a stock activity stays in one step for a set time without a bookmark.
        Write(folder, Slow, [Start(), .. Busy(2, SlowStepMs), Line("done")]);
        Write(folder, Long, [Start(), .. Busy(LongSteps, LongStepMs), Line("done")]);
        Write(folder, Cron, [Activity("cron", "Elsa.Cron", ("cronExpression", "*/2 * * * * *")), Line("tick")]);
    }

    // The clock is read once per 200 turns of an integer loop: every Date.now() allocates a number, and reading it on
    // each turn would run into the JavaScript memory limit (32 MB an evaluation) on a core of its own.
    private static IEnumerable<JsonObject> Busy(int steps, int ms) => Enumerable.Range(1, steps).Select(i =>
        Activity($"step{i}", "Elsa.RunJavaScript", ("script", $"var until = Date.now() + {ms}; while (Date.now() < until) {{ for (var k = 0; k < 200; k++) {{ }} }} 1;")));

    private static void Write(string folder, string definitionId, JsonObject[] chain)
    {
        var connections = new JsonArray();
        for (var i = 1; i < chain.Length; i++)
            connections.Add(new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = chain[i - 1]["id"]!.GetValue<string>(), ["port"] = OutPort(chain[i - 1]) },
                ["target"] = new JsonObject { ["activity"] = chain[i]["id"]!.GetValue<string>(), ["port"] = "In" },
            });
        var definition = new JsonObject
        {
            ["id"] = definitionId + "-v1", ["definitionId"] = definitionId, ["name"] = definitionId, ["version"] = 1,
            ["isLatest"] = true, ["isPublished"] = true,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart", ["version"] = 1, ["id"] = "root", ["nodeId"] = "root",
                ["activities"] = new JsonArray([.. chain]), ["connections"] = connections,
            },
        };
        File.WriteAllText(Path.Combine(folder, definitionId + ".json"), definition.ToJsonString());
    }

    private static string OutPort(JsonObject activity) => activity["type"]!.GetValue<string>() == HumanApprovalType ? "Approved" : "Done";

    private static JsonObject Start() => Activity("start", "Elsa.Start");

    private static JsonObject Line(string id) => Activity(id, "Elsa.WriteLine", ("text", id));

    private static JsonObject Activity(string id, string type, params (string Name, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["nodeId"] = "root:" + id, ["type"] = type, ["version"] = 1, ["name"] = id };
        foreach (var (name, value) in inputs)
            activity[name] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        return activity;
    }
}
