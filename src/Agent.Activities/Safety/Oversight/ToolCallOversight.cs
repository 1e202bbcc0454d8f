using Agent.Activities.Claude;
using Agent.Activities.Safety.Policy;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Oversight;

/// <summary>Puts a Claude run under oversight: what <see cref="ClaudeRunner"/> calls before it starts the CLI.</summary>
public interface IToolCallOversight
{
    /// <summary>
    /// Loads the policy for the run's target, registers the run with the broker and returns the session whose
    /// <see cref="OversightSession.Settings"/> go to <c>--settings</c>; null when oversight is switched off.
    /// </summary>
    /// <exception cref="PolicyFileException">The policy is malformed: the run must not start.</exception>
    /// <exception cref="OversightUnavailableException">The hooks cannot be set up: the run must not start.</exception>
    Task<OversightSession?> BeginAsync(ClaudeRunRequest request, CancellationToken cancellationToken);
}

/// <summary>One overseen run: its settings with our hooks, and its journal. Dispose it after the run's last attempt.</summary>
/// <param name="run">The run as the broker knows it.</param>
/// <param name="settings">The <c>--settings</c> JSON.</param>
/// <param name="registration">Removes the run from the broker.</param>
/// <param name="recordsFromStream">Whether tool results are journaled from the stream (<see cref="Observe"/>) rather than by a PostToolUse hook.</param>
public sealed class OversightSession(RunOversight run, string settings, IDisposable registration, bool recordsFromStream) : IDisposable
{
    private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);

    /// <summary>Whether tool results are journaled from the stream by <see cref="Observe"/> (else by the PostToolUse hook).</summary>
    public bool RecordsFromStream { get; } = recordsFromStream;

    /// <summary>
    /// Watches the run's stream (the runner passes every event): a tool result of a denied call becomes a
    /// <see cref="PolicyDeniedEvent"/> for the run's progress; with <see cref="RecordsFromStream"/> every other tool
    /// result is journaled as a PostToolUse record (the entry the hook would write). A denied call has no record: it
    /// never ran, and its "result" is only the denial.
    /// </summary>
    /// <returns>The event to report after <paramref name="claudeEvent"/>, or null.</returns>
    public ClaudeEvent? Observe(ClaudeEvent claudeEvent)
    {
        switch (claudeEvent)
        {
            case ToolUseEvent use:
                lock (_toolNames) _toolNames[use.ToolUseId] = use.Name;
                return null;
            case ToolResultEvent result:
                var decisions = Run.Decisions;
                if (decisions.LastOrDefault(d => d.Denied && d.ToolUseId == result.ToolUseId) is { } denial)
                    return new PolicyDeniedEvent(denial.ToolUseId, denial.Tool, denial.RuleId, denial.Reason);
                if (!RecordsFromStream) return null;
                string? tool;
                lock (_toolNames) tool = _toolNames.GetValueOrDefault(result.ToolUseId);
                var pre = decisions.LastOrDefault(d => d.HookEvent == HookEvents.PreToolUse && d.ToolUseId == result.ToolUseId);
                Run.Record(new ToolDecision(DateTimeOffset.UtcNow, HookEvents.PostToolUse, tool ?? pre?.Tool ?? "unknown", result.ToolUseId, pre?.ActionClass,
                    pre?.InputSummary ?? "", ToolDecisionEffects.Recorded, Reason: result.IsError ? Shorten(result.Content) : null, Succeeded: !result.IsError));
                return null;
            default:
                return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>The run as the broker knows it.</summary>
    public RunOversight Run { get; } = run;

    /// <summary>The <c>--settings</c> JSON: the request's settings plus our hooks.</summary>
    public string Settings { get; } = settings;

    /// <summary>The decisions and records so far.</summary>
    public IReadOnlyList<ToolDecision> Decisions => Run.Decisions;

    /// <inheritdoc />
    public void Dispose() => registration.Dispose();
}

/// <summary>
/// The oversight of the runs of this process: the policy from <see cref="IPolicyProvider"/>, the context from the
/// request (worktree = its working directory; target, task type and protected paths when the caller knows them, else
/// <c>Validation:ProtectedPaths</c>), answered by the <see cref="ToolCallBroker"/>.
/// </summary>
public sealed class ToolCallOversight(ToolCallBroker broker, IPolicyProvider policies, IOptions<OversightOptions> options, IOptions<ValidationOptions>? validation = null,
    TimeProvider? clock = null) : IToolCallOversight
{
    /// <inheritdoc />
    public async Task<OversightSession?> BeginAsync(ClaudeRunRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return null;
        var client = settings.ResolveHookClient();
        if (!File.Exists(client))
            throw new OversightUnavailableException($"The hook client '{client}' does not exist, so the run cannot be overseen; rebuild the agent (it ships agent-hook beside its assemblies) or set Safety:Oversight:HookClientPath.");
        var evaluator = await policies.LoadAsync(request.TargetRoot, cancellationToken);
        var run = new RunOversight(evaluator, ContextFor(request));
        var registration = await broker.RegisterAsync(run, cancellationToken);
        try
        {
            var port = broker.Port!.Value;
            var json = OversightSettings.Merge(request.Settings,
                OversightSettings.Command(client, HookEvents.PreToolUse, port, run),
                settings.PostToolUseHook ? OversightSettings.Command(client, HookEvents.PostToolUse, port, run) : null, settings.HookTimeoutSeconds);
            return new OversightSession(run, json, registration, recordsFromStream: !settings.PostToolUseHook);
        }
        catch
        {
            registration.Dispose();
            throw;
        }
    }

    private PolicyContext ContextFor(ClaudeRunRequest request)
    {
        var home = request.Environment.TryGetValue("HOME", out var h) && h.Length > 0 ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new PolicyContext((clock ?? TimeProvider.System).GetUtcNow(), Path.GetFullPath(request.WorkingDirectory),
            request.TargetRoot is { Length: > 0 } target ? Path.GetFullPath(target) : null, home, request.TaskType,
            request.ProtectedPaths ?? validation?.Value.ProtectedPaths ?? []);
    }
}
