using System.Globalization;

namespace Agent.Activities.Claude;

/// <summary>The command line and environment for one CLI process, built from a request and the options.</summary>
public sealed record ClaudeArguments(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>
    /// The CLI's own API retries are switched off (<c>CLAUDE_CODE_MAX_RETRIES=0</c>): by default it retries 429/5xx for
    /// about three minutes without telling anyone, which hides failures, defeats our timeout and budget, and would
    /// retry after edits. Our retry policy sees each attempt and knows whether the run touched anything.
    /// </summary>
    public const string MaxRetriesVariable = "CLAUDE_CODE_MAX_RETRIES";

    /// <summary>Builds the arguments (after the executable) and the environment overrides for <paramref name="request"/>.</summary>
    /// <param name="request">The run.</param>
    /// <param name="options">The runner's options.</param>
    /// <param name="settings">The <c>--settings</c> to pass instead of the request's own (the request's merged with the oversight hooks).</param>
    public static ClaudeArguments Build(ClaudeRunRequest request, ClaudeCliOptions options, string? settings = null)
    {
        // Always stream-json + --verbose (the CLI refuses stream-json without it): progress, budget and edit tracking all
        // need the events; for the json format the caller simply gets the final result object.
        var args = new List<string> { "-p", request.Prompt, "--output-format", "stream-json", "--verbose" };
        if (request.PermissionMode is { } mode) args.AddRange(["--permission-mode", mode]);
        if (request.AllowedTools.Count > 0) { args.Add("--allowedTools"); args.AddRange(request.AllowedTools); }
        if (request.DisallowedTools.Count > 0) { args.Add("--disallowedTools"); args.AddRange(request.DisallowedTools); }
        if (request.MaxTurns is { } turns) args.AddRange(["--max-turns", turns.ToString(CultureInfo.InvariantCulture)]);
        if (request.Model is { } model) args.AddRange(["--model", model]);
        if (request.AppendSystemPrompt is { } append) args.AddRange(["--append-system-prompt", append]);
        if (request.McpConfig.Count > 0) { args.Add("--mcp-config"); args.AddRange(request.McpConfig); }
        if (request.StrictMcpConfig) args.Add("--strict-mcp-config");
        if (request.ResumeSessionId is { } session) args.AddRange(["--resume", session]);
        if ((settings ?? request.Settings) is { Length: > 0 } json) args.AddRange(["--settings", json]);
        if (request.Budget?.MaxUsd is { } usd) args.AddRange(["--max-budget-usd", usd.ToString(CultureInfo.InvariantCulture)]);

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            [MaxRetriesVariable] = "0",
        };
        if (options.ApiKey is { Length: > 0 } key) env["ANTHROPIC_API_KEY"] = key;
        if (options.BaseUrl is { Length: > 0 } url) env["ANTHROPIC_BASE_URL"] = url.TrimEnd('/');
        // The CLI refuses bypassPermissions as root unless told it is sandboxed; only that mode gets the flag.
        if (request.PermissionMode == ClaudePermissionModes.BypassPermissions) env["IS_SANDBOX"] = "1";
        foreach (var (name, value) in request.Environment) env[name] = value;
        return new ClaudeArguments(args, env);
    }
}
