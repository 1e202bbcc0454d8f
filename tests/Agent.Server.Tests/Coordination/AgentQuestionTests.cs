using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;

namespace Agent.Server.Tests.Coordination;

/// <summary>
/// One agent asks another a question through the coordination MCP tools, with real processes: <c>agent serve</c> runs
/// both workers, each runs the real Claude CLI with <c>agent mcp</c> as its coordination server, and the scripted model
/// plays both sides. A sends a <c>question</c> to B and waits in <c>agent_inbox</c>; B reads it from its inbox and sends
/// an <c>answer</c> with the question's id as correlation id; A's inbox hands it the answer and A's final text quotes it.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class AgentQuestionTests
{
    private static readonly string Asker = AgentSpawner.AgentIdFor("implementer", "qa-asker");
    private static readonly string Answerer = AgentSpawner.AgentIdFor("researcher", "qa-answerer");

    // The CLI does not wait for MCP servers in -p mode, so until a request offers the tools the last rule reads the
    // agent's role.txt; its text (in the tool result) then tells the two sides apart. The question and the answer have
    // fixed message ids (idempotency keys), so the static script can correlate them.
    private static readonly string Script = """
        { "rules": [
          { "match": { "toolResultContains": "the magic number is 42" }, "respond": { "text": "Agent B answered my question: the magic number is 42." } },
          { "match": { "toolResultContains": "What is the magic number?" },
            "respond": { "toolUse": [ { "name": "mcp__agent__agent_send", "input": { "agent": "ANSWERER", "type": "answer", "to": "ASKER",
              "payload": { "text": "the magic number is 42" }, "correlationId": "qa-e2e-q1", "messageId": "qa-e2e-a1" } } ] } },
          { "match": { "toolResultContains": "qa-e2e-a1" }, "respond": { "text": "I answered the question." } },
          { "match": { "toolResultContains": "qa-e2e-q1" },
            "respond": { "toolUse": [ { "name": "mcp__agent__agent_inbox", "input": { "agent": "ASKER", "waitSeconds": 50, "type": "answer" } } ] } },
          { "match": { "promptContains": "qa-e2e ask", "hasTool": "mcp__agent__agent_send" }, "respond": { "toolUse": [ SEND_QUESTION ] } },
          { "match": { "toolResultContains": "I am the asker", "hasTool": "mcp__agent__agent_send" }, "respond": { "toolUse": [ SEND_QUESTION ] } },
          { "match": { "promptContains": "qa-e2e answer", "hasTool": "mcp__agent__agent_inbox" }, "respond": { "toolUse": [ READ_QUESTION ] } },
          { "match": { "toolResultContains": "I am the answerer", "hasTool": "mcp__agent__agent_inbox" }, "respond": { "toolUse": [ READ_QUESTION ] } },
          { "fault": { "stallMs": 500 }, "respond": { "toolUse": [ { "name": "Read", "input": { "file_path": "{{cwd}}/role.txt" } } ] } } ] }
        """
        .Replace("SEND_QUESTION", """{ "name": "mcp__agent__agent_send", "input": { "agent": "ASKER", "type": "question", "to": "ANSWERER", "payload": { "text": "What is the magic number?" }, "messageId": "qa-e2e-q1" } }""", StringComparison.Ordinal)
        .Replace("READ_QUESTION", """{ "name": "mcp__agent__agent_inbox", "input": { "agent": "ANSWERER", "waitSeconds": 50, "type": "question" } }""", StringComparison.Ordinal)
        .Replace("ASKER", Asker, StringComparison.Ordinal).Replace("ANSWERER", Answerer, StringComparison.Ordinal);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_question_sent_with_agent_send_is_answered_by_another_agent_and_the_answer_reaches_the_asker()
    {
        await using var f = await CoordinationFixture.CreateAsync(Script, Token, ("Coordination:MaxAgents", "2"));
        var (askerFolder, answererFolder) = (f.Cli.Subfolder("asker"), f.Cli.Subfolder("answerer"));
        await File.WriteAllTextAsync(Path.Combine(askerFolder, "role.txt"), "I am the asker.", Token);
        await File.WriteAllTextAsync(Path.Combine(answererFolder, "role.txt"), "I am the answerer.", Token);
        await f.StartServerAsync(Token);
        Assert.AreEqual(Asker, await f.SpawnAsync("qa-asker"));
        Assert.AreEqual(Answerer, await f.SpawnAsync("qa-answerer", "researcher"));

        await f.EnqueueAsync(
            ("qa-ask", "implementer", new { prompt = "qa-e2e ask: ask the researcher for the magic number and report it.", cwd = askerFolder }),
            ("qa-answer", "researcher", new { prompt = "qa-e2e answer: answer the question in your inbox.", cwd = answererFolder }));

        await f.WaitUntilAsync(async () => (await f.Tasks.ListAsync(TaskStatuses.Done, 10, Token)).Count == 2, "both tasks are done", Token, 240);
        var ask = (await f.Tasks.FindAsync("qa-ask", Token))!;
        StringAssert.Contains(ask.Result!.Value.GetProperty("text").GetString(), "the magic number is 42", "the asker's final text quotes the answer");
        Assert.AreEqual(Asker, ask.LeaseOwner);
        Assert.AreEqual(Answerer, (await f.Tasks.FindAsync("qa-answer", Token))!.LeaseOwner);

        // The bus holds the question and its answer, each once, delivered to its recipient.
        var all = await f.Messages.ListRecentAsync(null, 100, Token);
        var question = all.Single(d => d.Message.Type == MessageTypes.Question);
        Assert.AreEqual(("qa-e2e-q1", Asker, Answerer, DeliveryStates.Delivered), (question.Message.Id, question.Message.Sender, question.AgentId, question.State));
        var answer = all.Single(d => d.Message.Type == MessageTypes.Answer);
        Assert.AreEqual(("qa-e2e-a1", Answerer, Asker, "qa-e2e-q1", DeliveryStates.Delivered), (answer.Message.Id, answer.Message.Sender, answer.AgentId, answer.Message.CorrelationId, answer.State));
        StringAssert.Contains(answer.Message.Payload.GetRawText(), "the magic number is 42");

        // The transcripts the CLIs sent the model show the tool calls and what they returned.
        var bodies = f.Model.Log.MessagesRequests.Select(r => r.Body?.GetRawText() ?? "").ToList();
        Assert.IsTrue(bodies.Any(b => b.Contains("mcp__agent__agent_send", StringComparison.Ordinal) && b.Contains("tool_use", StringComparison.Ordinal) && b.Contains("What is the magic number?", StringComparison.Ordinal)), "A's agent_send of the question");
        Assert.IsTrue(bodies.Any(b => b.Contains("mcp__agent__agent_inbox", StringComparison.Ordinal) && b.Contains("tool_result", StringComparison.Ordinal)
            && b.Contains("the magic number is 42", StringComparison.Ordinal) && b.Contains(Asker, StringComparison.Ordinal)), "A's agent_inbox returned B's answer");
        var listed = await f.Cli.RunAsync("agents", "messages", "--json");
        Assert.AreEqual(0, listed.ExitCode, listed.ToString());
        StringAssert.Contains(listed.Output, "qa-e2e-a1");
    }
}
