using System.Text.Json.Nodes;
using Agent.ModelServer.Protocol;
using Agent.ModelServer.Scripts;
using Microsoft.AspNetCore.Http;

namespace Agent.ModelServer;

/// <summary>Turns a <see cref="ScriptFault"/> into what the client sees: an error status, a broken stream, a stall or a dropped connection.</summary>
public static class FaultInjector
{
    /// <summary>
    /// Applies <paramref name="fault"/>. Returns true when the response is finished; false when the rule's
    /// response should follow (a stall that precedes a response).
    /// </summary>
    public static async Task<bool> ApplyAsync(HttpContext context, ScriptFault fault, bool hasResponse, MessagesRequest request, CancellationToken cancellationToken)
    {
        if (fault.StallMs is { } stall) await Task.Delay(stall, cancellationToken);
        if (fault.Status is { } status)
        {
            await WriteErrorAsync(context, status, fault.Message ?? $"fake {status}", fault.RetryAfter, cancellationToken);
            return true;
        }
        if (fault.MalformedSse)
        {
            await WriteMalformedAsync(context, request, cancellationToken);
            return true;
        }
        if (fault.DropConnection || !hasResponse)
        {
            context.Abort();
            return true;
        }
        return false;
    }

    /// <summary>Writes an Anthropic error body, e.g. <c>{"type":"error","error":{"type":"overloaded_error","message":"…"}}</c>.</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string message, int? retryAfter, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds) context.Response.Headers["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = ErrorType(status), ["message"] = message } };
        await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    /// <summary>The Anthropic error type for an HTTP status.</summary>
    public static string ErrorType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    // A streaming request gets a stream that breaks mid-way; the CLI's non-streaming fallback gets a body that is not JSON.
    private static async Task WriteMalformedAsync(HttpContext context, MessagesRequest request, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = 200;
        if (request.Stream)
        {
            context.Response.ContentType = "text/event-stream";
            await new SseWriter(context.Response.Body).WriteMalformedAsync(request.Model, cancellationToken);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\":\"msg_malformed\",\"type\":\"mess", cancellationToken);
        }
    }
}
