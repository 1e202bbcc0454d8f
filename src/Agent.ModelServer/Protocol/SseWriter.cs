using System.Text;
using System.Text.Json.Nodes;

namespace Agent.ModelServer.Protocol;

/// <summary>
/// Writes an <see cref="AssistantMessage"/> as the Messages API event stream: <c>message_start</c>, per block
/// <c>content_block_start</c> / <c>_delta</c> / <c>_stop</c>, then <c>message_delta</c> and <c>message_stop</c>.
/// Every frame is flushed so the client sees a real stream.
/// </summary>
public sealed class SseWriter(Stream output)
{
    // Tool input arrives in pieces in the real API; splitting it exercises the client's reassembly.
    private const int InputChunkLength = 24;

    /// <summary>Writes the whole message.</summary>
    public async Task WriteMessageAsync(AssistantMessage message, CancellationToken cancellationToken)
    {
        await WriteEventAsync("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = message.Id, ["type"] = "message", ["role"] = "assistant", ["model"] = message.Model,
                ["content"] = new JsonArray(), ["stop_reason"] = null, ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = message.InputTokens, ["output_tokens"] = 1, ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = 0 },
            },
        }, cancellationToken);
        for (var index = 0; index < message.Blocks.Count; index++)
            await WriteBlockAsync(index, message.Blocks[index], cancellationToken);
        await WriteEventAsync("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = message.StopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = message.OutputTokens },
        }, cancellationToken);
        await WriteEventAsync("message_stop", new JsonObject { ["type"] = "message_stop" }, cancellationToken);
    }

    /// <summary>Writes a stream whose second frame is not JSON, as a broken upstream would.</summary>
    public async Task WriteMalformedAsync(string model, CancellationToken cancellationToken)
    {
        await WriteEventAsync("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject { ["id"] = "msg_malformed", ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray() },
        }, cancellationToken);
        await WriteRawAsync("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_bl\n\n", cancellationToken);
    }

    /// <summary>Writes one frame: <c>event: NAME</c>, <c>data: JSON</c>, blank line.</summary>
    public Task WriteEventAsync(string name, JsonNode data, CancellationToken cancellationToken) =>
        WriteRawAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", cancellationToken);

    private async Task WriteBlockAsync(int index, ContentBlock block, CancellationToken cancellationToken)
    {
        var start = block.Type == "text"
            ? new JsonObject { ["type"] = "text", ["text"] = "" }
            : new JsonObject { ["type"] = "tool_use", ["id"] = block.ToolUseId, ["name"] = block.ToolName, ["input"] = new JsonObject() };
        await WriteEventAsync("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = start }, cancellationToken);
        foreach (var delta in Deltas(block))
            await WriteEventAsync("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta }, cancellationToken);
        await WriteEventAsync("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }, cancellationToken);
    }

    private static IEnumerable<JsonObject> Deltas(ContentBlock block)
    {
        if (block.Type == "text")
        {
            yield return new JsonObject { ["type"] = "text_delta", ["text"] = block.Text ?? "" };
            yield break;
        }
        var json = block.InputJson ?? "{}";
        for (var i = 0; i < json.Length; i += InputChunkLength)
            yield return new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = json.Substring(i, Math.Min(InputChunkLength, json.Length - i)) };
    }

    private async Task WriteRawAsync(string frame, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
