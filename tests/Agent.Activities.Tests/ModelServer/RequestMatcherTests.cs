using System.Text.Json;
using Agent.ModelServer.Protocol;
using Agent.ModelServer.Scripts;

namespace Agent.Activities.Tests.ModelServer;

[TestClass]
public sealed class RequestMatcherTests
{
    // A turn-2 request shaped like the CLI's: prompt, assistant tool_use, user tool_result, a mid-conversation system entry.
    private static readonly MessagesRequest SecondTurn = MessagesRequest.From(JsonDocument.Parse("""
        {
          "model": "claude-opus-4-8", "stream": true,
          "system": [ { "type": "text", "text": "x" }, { "type": "text", "text": "Env\n - Primary working directory: /tmp/w 1\n - Is git: no" } ],
          "tools": [ { "name": "Write" }, { "name": "Bash" } ],
          "messages": [
            { "role": "user", "content": [ { "type": "text", "text": "please write notes" } ] },
            { "role": "assistant", "content": [ { "type": "tool_use", "id": "t1", "name": "Write", "input": {} } ] },
            { "role": "system", "content": "reminder" },
            { "role": "user", "content": [ { "type": "tool_result", "tool_use_id": "t1", "content": [ { "type": "text", "text": "File created successfully" } ] }, { "type": "text", "text": "and more" } ] }
          ]
        }
        """).RootElement);

    [TestMethod]
    public void The_request_view_reads_turn_prompt_results_tools_model_and_cwd()
    {
        Assert.AreEqual(2, SecondTurn.Turn);
        Assert.AreEqual("and more", SecondTurn.LastUserText);
        CollectionAssert.AreEqual(new[] { "File created successfully" }, SecondTurn.ToolResults.ToArray());
        CollectionAssert.AreEqual(new[] { "Write", "Bash" }, SecondTurn.ToolNames.ToArray());
        Assert.AreEqual("claude-opus-4-8", SecondTurn.Model);
        Assert.IsTrue(SecondTurn.Stream);
        Assert.AreEqual("/tmp/w 1", SecondTurn.WorkingDirectory);
    }

    [TestMethod]
    [DataRow("""{ "turn": 2 }""", true)]
    [DataRow("""{ "turn": 1 }""", false)]
    [DataRow("""{ "promptContains": "more" }""", true)]
    [DataRow("""{ "promptContains": "write notes" }""", false)]
    [DataRow("""{ "toolResultContains": "created" }""", true)]
    [DataRow("""{ "toolResultContains": "denied" }""", false)]
    [DataRow("""{ "hasTool": "Bash" }""", true)]
    [DataRow("""{ "hasTool": "Edit" }""", false)]
    [DataRow("""{ "hasTool": "Write", "turn": 2, "toolResultContains": "File" }""", true)]
    [DataRow("""{ "hasTool": "Write", "turn": 3 }""", false)]
    [DataRow("""{ }""", true)]
    public void Every_given_condition_must_hold(string match, bool expected)
    {
        var rule = JsonSerializer.Deserialize<RuleMatch>(match, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.AreEqual(expected, RequestMatcher.Matches(rule, SecondTurn));
    }

    [TestMethod]
    public void A_rule_with_times_is_used_up_and_passes_later_requests_on()
    {
        var matcher = new RequestMatcher(ScriptLoader.Parse("""
            { "rules": [
              { "fault": { "status": 529 }, "times": 2 },
              { "match": { "turn": 5 }, "respond": { "text": "never" } },
              { "respond": { "text": "ok" } } ] }
            """));

        var indexes = Enumerable.Range(0, 4).Select(_ => matcher.Next(SecondTurn)!.Index).ToArray();

        CollectionAssert.AreEqual(new[] { 0, 0, 2, 2 }, indexes);
    }

    [TestMethod]
    public void No_matching_rule_gives_null()
    {
        var matcher = new RequestMatcher(ScriptLoader.Parse("""{ "rules": [ { "match": { "turn": 1 }, "respond": { "text": "x" } } ] }"""));

        Assert.IsNull(matcher.Next(SecondTurn));
    }
}
