using System.Text;
using System.Text.Json;
using Agent.ModelServer.Protocol;
using Agent.ModelServer.Scripts;

namespace Agent.Activities.Tests.ModelServer;

[TestClass]
public sealed class SseWriterTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_text_and_tool_use_message_is_written_as_the_Messages_API_event_sequence()
    {
        var response = ScriptLoader.Parse("""
            { "rules": [ { "respond": { "text": "Writing.", "usage": { "inputTokens": 7, "outputTokens": 9 },
              "toolUse": [ { "name": "Write", "id": "toolu_x", "input": { "file_path": "{{cwd}}/a \"b\".txt", "content": "a long enough content to be split in pieces" } } ] } } ] }
            """).Rules[0].Respond!;
        var request = new MessagesRequest { Model = "m-1", WorkingDirectory = "/w", Stream = true };
        var counter = 0;
        var message = AssistantMessage.Create(response, request, prefix => prefix + ++counter);

        var frames = await WriteAsync(message);

        CollectionAssert.AreEqual(
            new[] { "message_start", "content_block_start", "content_block_delta", "content_block_stop", "content_block_start" },
            frames.Take(5).Select(f => f.Event).ToArray());
        CollectionAssert.AreEqual(new[] { "content_block_stop", "message_delta", "message_stop" }, frames.TakeLast(3).Select(f => f.Event).ToArray());
        var start = frames[0].Data.GetProperty("message");
        Assert.AreEqual("m-1", start.GetProperty("model").GetString());
        Assert.AreEqual(7, start.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.AreEqual("Writing.", frames[2].Data.GetProperty("delta").GetProperty("text").GetString());
        var toolStart = frames[4].Data;
        Assert.AreEqual(1, toolStart.GetProperty("index").GetInt32());
        Assert.AreEqual("toolu_x", toolStart.GetProperty("content_block").GetProperty("id").GetString());
        Assert.AreEqual("Write", toolStart.GetProperty("content_block").GetProperty("name").GetString());

        var pieces = frames.Where(f => f.Event == "content_block_delta" && f.Data.GetProperty("index").GetInt32() == 1)
            .Select(f => f.Data.GetProperty("delta")).ToList();
        Assert.IsGreaterThan(1, pieces.Count, "tool input is streamed in pieces");
        Assert.IsTrue(pieces.All(p => p.GetProperty("type").GetString() == "input_json_delta"));
        var input = JsonDocument.Parse(string.Concat(pieces.Select(p => p.GetProperty("partial_json").GetString()))).RootElement;
        Assert.AreEqual("/w/a \"b\".txt", input.GetProperty("file_path").GetString(), "{{cwd}} is replaced inside string values");

        var delta = frames[^2].Data;
        Assert.AreEqual("tool_use", delta.GetProperty("delta").GetProperty("stop_reason").GetString(), "tool calls default the stop reason");
        Assert.AreEqual(9, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [TestMethod]
    public async Task A_text_only_message_ends_the_turn_and_the_JSON_form_matches()
    {
        var message = AssistantMessage.Create(new ScriptResponse { Text = "Done." }, new MessagesRequest(), p => p + "1");

        var frames = await WriteAsync(message);
        var json = JsonDocument.Parse(message.ToJson().ToJsonString()).RootElement;

        Assert.HasCount(6, frames);
        Assert.AreEqual("end_turn", frames[^2].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.AreEqual("message", json.GetProperty("type").GetString());
        Assert.AreEqual("Done.", json.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.AreEqual("end_turn", json.GetProperty("stop_reason").GetString());
    }

    [TestMethod]
    public async Task A_malformed_stream_has_a_frame_that_is_not_JSON()
    {
        using var buffer = new MemoryStream();
        await new SseWriter(buffer).WriteMalformedAsync("m", TestContext.CancellationToken);

        var data = Encoding.UTF8.GetString(buffer.ToArray()).Split("\n").Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();

        Assert.HasCount(2, data);
        Assert.Throws<JsonException>(() => JsonDocument.Parse(data[1]["data: ".Length..]));
    }

    private async Task<List<(string Event, JsonElement Data)>> WriteAsync(AssistantMessage message)
    {
        using var buffer = new MemoryStream();
        await new SseWriter(buffer).WriteMessageAsync(message, TestContext.CancellationToken);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.EndsWith("\n\n", text);
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(frame =>
        {
            var lines = frame.Split('\n');
            Assert.HasCount(2, lines);
            Assert.StartsWith("event: ", lines[0]);
            var data = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            Assert.AreEqual(lines[0]["event: ".Length..], data.GetProperty("type").GetString(), "the event name repeats the data type");
            return (lines[0]["event: ".Length..], data);
        })];
    }
}
