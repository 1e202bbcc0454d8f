using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.ModelServer.Protocol;
using Agent.ModelServer.Scripts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Agent.ModelServer;

/// <summary>
/// Answers every HTTP request of the server: records it, then dispatches on the route. The CLI calls
/// <c>HEAD /</c> (connectivity probe) and <c>POST /v1/messages</c>; <c>count_tokens</c> is answered for completeness;
/// anything else is a logged 404.
/// </summary>
public sealed class MessagesHandler(RequestMatcher matcher, RequestLog log, ILogger logger, TimeProvider time)
{
    private int _nextId;

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        using var _ = log.Enter();
        var cancellationToken = context.RequestAborted;
        var receivedAt = time.GetUtcNow();
        var request = context.Request;
        var path = request.Path.Value + request.QueryString.Value;
        var body = await ReadJsonAsync(request, cancellationToken);
        int? ruleIndex = null;
        try
        {
            switch (request.Method, request.Path.Value)
            {
                case ("HEAD" or "GET", "/"):
                    context.Response.StatusCode = 200;
                    break;
                case ("POST", "/v1/messages/count_tokens"):
                    await WriteJsonAsync(context, new JsonObject { ["input_tokens"] = Math.Max(1, (int)(request.ContentLength ?? 4) / 4) }, cancellationToken);
                    break;
                case ("POST", "/v1/messages"):
                    ruleIndex = await AnswerMessagesAsync(context, body, cancellationToken);
                    break;
                default:
                    logger.LogWarning("Model server: no route for {Method} {Path}; answered 404", request.Method, path);
                    await FaultInjector.WriteErrorAsync(context, 404, $"The scripted model server does not implement {request.Method} {request.Path}.", null, cancellationToken);
                    break;
            }
        }
        finally
        {
            log.Add(new RecordedRequest(request.Method, path, RequestLog.Redact(request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString()))), body, receivedAt, ruleIndex));
        }
    }

    private async Task<int?> AnswerMessagesAsync(HttpContext context, JsonElement? body, CancellationToken cancellationToken)
    {
        if (body is not { } json)
        {
            await FaultInjector.WriteErrorAsync(context, 400, "The request body is not JSON.", null, cancellationToken);
            return null;
        }
        var request = MessagesRequest.From(json);
        if (matcher.Next(request) is not { } matched)
        {
            // 400 is not retried by the CLI, so a script gap fails the run at once with this message in its result.
            logger.LogWarning("Model server: no script rule matches turn {Turn}, prompt {Prompt}", request.Turn, Shorten(request.LastUserText));
            await FaultInjector.WriteErrorAsync(context, 400, $"No script rule matches this request (turn {request.Turn}).", null, cancellationToken);
            return null;
        }
        var rule = matched.Rule;
        logger.LogInformation("Model server: turn {Turn} answered by rule {Rule}", request.Turn, matched.Index + 1);
        if (matched.Latency > TimeSpan.Zero) await Task.Delay(matched.Latency, time, cancellationToken);
        if (rule.Fault is { } fault && await FaultInjector.ApplyAsync(context, fault, rule.Respond is not null, request, cancellationToken))
            return matched.Index;
        var message = AssistantMessage.Create(rule.Respond!, request, NewId);
        if (request.Stream)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["request-id"] = "req_" + message.Id;
            await new SseWriter(context.Response.Body).WriteMessageAsync(message, cancellationToken);
        }
        else
        {
            await WriteJsonAsync(context, message.ToJson(), cancellationToken);
        }
        return matched.Index;
    }

    private string NewId(string prefix) =>
        prefix + "scripted_" + Interlocked.Increment(ref _nextId).ToString("D6", CultureInfo.InvariantCulture);

    private static async Task WriteJsonAsync(HttpContext context, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || request.Method is "GET" or "HEAD") return null;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
