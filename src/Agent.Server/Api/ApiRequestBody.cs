using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Server.Api;

/// <summary>
/// Reads a JSON request body with the engine's JSON conventions. Malformed JSON becomes <see cref="ApiBadRequestException"/>
/// (a 400 problem naming the line and path) instead of the framework's bare 400.
/// </summary>
public static class ApiRequestBody
{
    /// <summary>Reads the body as <typeparamref name="T"/>; an empty body gives null.</summary>
    /// <exception cref="ApiBadRequestException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(text, WorkflowJson.Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}{(string.IsNullOrEmpty(e.Path) ? "" : $", path {e.Path}")}" : "";
            throw new ApiBadRequestException($"The request body is not valid JSON{where}: {FirstSentence(e.Message)} Send a JSON object as the Elsa 3 API describes.");
        }
    }

    /// <summary>Reads the body as <typeparamref name="T"/> and fails when it is empty.</summary>
    public static async Task<T> ReadRequiredAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class =>
        await ReadAsync<T>(request, cancellationToken) ?? throw new ApiBadRequestException("The request body is empty; send a JSON object.");

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? message : message[..(i + 1)];
    }
}

/// <summary>The request itself is wrong (malformed JSON, a missing or invalid parameter); answered with 400.</summary>
public sealed class ApiBadRequestException(string message) : Exception(message);
