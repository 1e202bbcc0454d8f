using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.ModelServer.Scripts;

/// <summary>The script file is not valid JSON, has unknown fields, or a rule makes no sense.</summary>
public sealed class ModelScriptException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads and validates script files (JSON, camelCase, comments and trailing commas allowed).</summary>
public static class ScriptLoader
{
    // Unknown fields are errors: a misspelt "promptContains" would otherwise silently match everything.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads a script file.</summary>
    public static async Task<ModelScript> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new ModelScriptException($"Script file '{path}' does not exist.");
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        return Parse(json, Path.GetFileName(path));
    }

    /// <summary>Parses and validates script JSON; <paramref name="source"/> names it in error messages.</summary>
    public static ModelScript Parse(string json, string source = "script")
    {
        ModelScript? script;
        try
        {
            script = JsonSerializer.Deserialize<ModelScript>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ModelScriptException($"{source}: not a valid script: {e.Message}", e);
        }
        if (script is null) throw new ModelScriptException($"{source}: the script is null.");
        Validate(script, source);
        return script;
    }

    private static void Validate(ModelScript script, string source)
    {
        if (script.Rules.Count == 0) throw new ModelScriptException($"{source}: the script has no rules.");
        if (script.LatencyMs is < 0) throw new ModelScriptException($"{source}: 'latencyMs' must not be negative.");
        for (var i = 0; i < script.Rules.Count; i++)
        {
            var rule = script.Rules[i];
            var where = $"{source}: rule {i + 1}";
            if (rule.Respond is null && rule.Fault is null) throw new ModelScriptException($"{where} has neither 'respond' nor 'fault'.");
            if (rule.Times is < 1) throw new ModelScriptException($"{where}: 'times' must be at least 1.");
            if (rule.LatencyMs is < 0) throw new ModelScriptException($"{where}: 'latencyMs' must not be negative.");
            if (rule.Respond is { } respond)
            {
                foreach (var tool in respond.ToolUse)
                    if (tool.Input.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
                        throw new ModelScriptException($"{where}: the input of tool '{tool.Name}' must be an object.");
            }
            if (rule.Fault is { } fault) ValidateFault(fault, rule.Respond is not null, where);
        }
    }

    private static void ValidateFault(ScriptFault fault, bool hasResponse, string where)
    {
        var kinds = (fault.Status is null ? 0 : 1) + (fault.MalformedSse ? 1 : 0) + (fault.DropConnection ? 1 : 0);
        if (kinds > 1) throw new ModelScriptException($"{where}: a fault has one kind: 'status', 'malformedSse' or 'dropConnection'.");
        if (kinds == 0 && fault.StallMs is null) throw new ModelScriptException($"{where}: the fault is empty.");
        if (kinds == 1 && hasResponse) throw new ModelScriptException($"{where}: only a 'stallMs' fault can be combined with 'respond'.");
        if (fault.Status is { } status && (status < 400 || status > 599))
            throw new ModelScriptException($"{where}: fault status {status} is not an HTTP error (400-599).");
        if (fault.StallMs is < 0) throw new ModelScriptException($"{where}: 'stallMs' must not be negative.");
        if (fault.RetryAfter is not null && fault.Status is null) throw new ModelScriptException($"{where}: 'retryAfter' needs a 'status'.");
    }
}
