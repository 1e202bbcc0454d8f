using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Tests.Coordination;

[TestClass]
public sealed class MessageValidatorTests
{
    private const int Limit = 64 * 1024;

    private static MessageDraft Draft(string type, string payload, string? correlation = null, string to = "impl-1", string? sender = "planner-1") =>
        new() { Type = type, Sender = sender, To = to, CorrelationId = correlation, Payload = payload };

    [TestMethod]
    [DataRow("task", """{ "title": "Fix CalcTests", "description": "Add is off by one", "gapId": "g-1", "files": ["src/Calc.cs"], "priority": 5 }""")]
    [DataRow("result", """{ "status": "succeeded", "summary": "Fixed Add", "branch": "agent/fix", "commit": "abc123", "filesChanged": ["src/Calc.cs"] }""")]
    [DataRow("review", """{ "verdict": "approve", "score": 0.9, "reasons": ["tests pass"], "candidate": "c-1" }""")]
    [DataRow("vote", """{ "choice": "c-1", "reason": "smallest diff" }""")]
    [DataRow("question", """{ "text": "Which test framework?", "context": "writing tests" }""")]
    [DataRow("answer", """{ "text": "MSTest" }""", "q-1")]
    [DataRow("heartbeat", """{ "status": "working", "progress": "2/3 tests", "taskId": "t-1" }""")]
    [DataRow("heartbeat", "{}")]
    [DataRow("cancel", """{ "reason": "superseded", "taskId": "t-1" }""")]
    public void A_payload_matching_its_types_schema_is_accepted(string type, string payload, string? correlation = null)
    {
        var valid = MessageValidator.Validate(Draft(type.ToUpperInvariant(), payload, correlation), Limit);
        Assert.AreEqual(type, valid.Type, "types are stored lower case");
        Assert.AreEqual(System.Text.Json.JsonValueKind.Object, valid.Payload.ValueKind);
    }

    [TestMethod]
    [DataRow("task", """{ "description": "no title" }""", "$.title is required")]
    [DataRow("task", """{ "title": "x", "priority": 1.5 }""", "$.priority is 1.5; give a whole number")]
    [DataRow("result", """{ "status": "done", "summary": "x" }""", "$.status is 'done'; give one of succeeded, failed, partial")]
    [DataRow("review", """{ "verdict": "approve", "reasons": "tests pass" }""", "$.reasons is a string; give an array of strings")]
    [DataRow("review", """{ "verdict": "approve", "reasons": ["ok"], "score": 7 }""", "$.score is 7; give a number from 0 to 1")]
    [DataRow("review", """{ "verdikt": "approve", "reasons": ["ok"] }""", "$.verdikt is not a field of a review payload")]
    [DataRow("vote", """{ "choice": "" }""", "$.choice is an empty string; give a non-empty string")]
    [DataRow("question", """{ "text": 42 }""", "$.text is a number; give a non-empty string")]
    [DataRow("heartbeat", """{ "status": "sleeping" }""", "$.status is 'sleeping'; give one of idle, working, waiting")]
    [DataRow("cancel", """[ "stop" ]""", "$ is an array; a cancel payload is a JSON object")]
    public void A_payload_not_matching_its_schema_is_refused_naming_the_field_and_an_example(string type, string payload, string expected)
    {
        var e = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft(type, payload), Limit));
        Assert.AreEqual("payload", e.Field);
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, "Send e.g. {", "the message says what to send instead");
    }

    [TestMethod]
    public void Malformed_json_an_unknown_type_an_empty_sender_and_a_bad_recipient_are_refused_with_what_to_send()
    {
        var malformed = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft("task", "{ \"title\": "), Limit));
        Assert.AreEqual("payload", malformed.Field);
        StringAssert.Contains(malformed.Message, "is not valid JSON");
        StringAssert.Contains(malformed.Message, "{ \"title\": \"…\" }");

        var unknown = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft("gossip", "{}"), Limit));
        Assert.AreEqual("type", unknown.Field);
        StringAssert.Contains(unknown.Message, "'gossip' is not a message type; give one of task, result, review, vote, question, answer, heartbeat, cancel");

        var noSender = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft("task", """{ "title": "x" }""", sender: "  "), Limit));
        Assert.AreEqual("sender", noSender.Field);
        StringAssert.Contains(noSender.Message, "The sender is empty");

        var badTo = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft("task", """{ "title": "x" }""", to: "impl 1"), Limit));
        Assert.AreEqual("to", badTo.Field);
        StringAssert.Contains(badTo.Message, "'role:<name>' or '*'");

        var noRole = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft("task", """{ "title": "x" }""", to: "role:"), Limit));
        StringAssert.Contains(noRole.Message, "names no valid role");
    }

    [TestMethod]
    public void An_answer_needs_the_questions_id_and_a_payload_over_the_limit_is_refused()
    {
        var answer = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(Draft("answer", """{ "text": "MSTest" }"""), Limit));
        Assert.AreEqual("correlationId", answer.Field);
        StringAssert.Contains(answer.Message, "the question's message id");

        var big = Draft("task", $$"""{ "title": "{{new string('x', 2000)}}" }""");
        var tooBig = Assert.ThrowsExactly<InvalidMessageException>(() => MessageValidator.Validate(big, 1024));
        StringAssert.Contains(tooBig.Message, "the limit is 1024 (Coordination:MaxPayloadBytes)");
    }

    [TestMethod]
    [DataRow("impl-1", RecipientKind.Agent, "impl-1")]
    [DataRow("ROLE:Reviewer", RecipientKind.Role, "role:reviewer")]
    [DataRow(" * ", RecipientKind.Broadcast, "*")]
    public void Recipients_parse_as_agent_role_or_broadcast(string text, RecipientKind kind, string shown)
    {
        var recipient = Recipient.Parse(text);
        Assert.AreEqual(kind, recipient.Kind);
        Assert.AreEqual(shown, recipient.ToString());
    }

    [TestMethod]
    public void Every_type_has_a_schema_whose_example_validates()
    {
        foreach (var schema in PayloadSchemas.All)
        {
            var valid = MessageValidator.Validate(Draft(schema.Type, schema.Example.Replace("\"…\"", "\"x\"").Replace("\"idle|working|waiting\"", "\"idle\"")
                .Replace("\"succeeded|failed|partial\"", "\"failed\"").Replace("\"approve|reject\"", "\"reject\"").Replace("[\"…\"]", "[\"x\"]"), "c-1"), Limit);
            Assert.AreEqual(schema.Type, valid.Type);
        }
        CollectionAssert.AreEqual(MessageTypes.All.ToList(), PayloadSchemas.All.Select(s => s.Type).ToList());
    }
}
