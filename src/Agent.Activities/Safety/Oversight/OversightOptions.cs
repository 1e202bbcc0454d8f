using System.ComponentModel.DataAnnotations;

namespace Agent.Activities.Safety.Oversight;

/// <summary>Real-time oversight of Claude's tool calls through Claude Code hooks (configuration section <c>Safety:Oversight</c>).</summary>
public sealed class OversightOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Oversight";

    /// <summary>Whether every Claude run gets the PreToolUse/PostToolUse hooks. Switch off only for a run you watch yourself.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether tool results are recorded by a PostToolUse hook (on by default, so what happened is recorded by Claude
    /// Code itself, next to what was decided). Off, the runner records the same journal entries from the run's
    /// stream-json, which carries every tool result, and saves Claude Code one process start per tool call.
    /// </summary>
    public bool PostToolUseHook { get; set; } = true;

    /// <summary>The bash hook client; absent = <c>agent-hook</c> beside the agent's assemblies.</summary>
    public string? HookClientPath { get; set; }

    /// <summary>How long the hook client waits for the broker's answer before it denies the call (fail closed).</summary>
    [Range(1, 600)]
    public int HookTimeoutSeconds { get; set; } = 30;

    /// <summary>The largest hook request the broker reads (a Write's content travels in it); a larger one is denied.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The file name of the shipped hook client.</summary>
    public const string HookClientFileName = "agent-hook";

    /// <summary>The hook client to call: <see cref="HookClientPath"/>, else the shipped one beside the assemblies.</summary>
    public string ResolveHookClient() =>
        HookClientPath is { Length: > 0 } path ? Path.GetFullPath(path) : Path.Combine(AppContext.BaseDirectory, HookClientFileName);
}
