using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Logging;

namespace Agent.Activities.Coordination.Detection;

/// <summary>A detector that could not run this sweep (e.g. a worktree git cannot read); the others still ran.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Error">What went wrong and what to do.</param>
public sealed record DetectorFailure(string Detector, string Error);

/// <summary>What one sweep did.</summary>
/// <param name="Raised">The incidents raised by this sweep (evidence already stored raises none).</param>
/// <param name="Failures">The detectors that failed.</param>
/// <param name="Paused">Whether the coordination is paused after the sweep.</param>
/// <param name="SpawnsStopped">Whether spawning is stopped after the sweep.</param>
public sealed record SweepResult(IReadOnlyList<CoordinationIncident> Raised, IReadOnlyList<DetectorFailure> Failures, bool Paused, bool SpawnsStopped);

/// <summary>
/// Runs every detector once: each finding is stored as an incident with its action (pause, stop spawns) in one
/// transaction — once per fingerprint, so re-running finds the same evidence and raises nothing new — and then every
/// incident whose safety event has not gone out (this sweep's, or one a crash stopped) is published to the sink.
/// </summary>
public sealed partial class DetectionSweep(
    IEnumerable<IEmergentBehaviourDetector> detectors, CoordinationIncidentStore incidents, ICoordinationControl control, TimeProvider clock,
    ISafetyEventSink? sink = null, ILogger<DetectionSweep>? logger = null)
{
    // One sweep at a time in a process: the hosted sweep and an activity could otherwise publish one incident twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs every detector over <paramref name="workspaces"/> and the coordination's records.</summary>
    public async Task<SweepResult> RunAsync(IReadOnlyList<AgentWorkspace> workspaces, CancellationToken cancellationToken)
    {
        CheckWorkspaces(workspaces);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var context = new DetectionContext(clock.GetUtcNow(), workspaces);
            var raised = new List<CoordinationIncident>();
            var failures = new List<DetectorFailure>();
            foreach (var detector in detectors)
            {
                IReadOnlyList<DetectionFinding> findings;
                try
                {
                    findings = await detector.DetectAsync(context, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One detector's trouble (a worktree removed mid-read, git missing) must not blind the others.
                    failures.Add(new DetectorFailure(detector.Name, e.Message));
                    if (logger is not null) LogDetectorFailed(logger, detector.Name, e);
                    continue;
                }
                foreach (var finding in findings)
                    if (await incidents.RaiseAsync(finding, context.Now, cancellationToken) is { } incident)
                    {
                        raised.Add(incident);
                        if (logger is not null) LogIncident(logger, incident.Detector, incident.Id, incident.Summary);
                    }
            }
            await PublishPendingAsync(cancellationToken);
            return new SweepResult(raised, failures, await control.IsPausedAsync(cancellationToken), await control.AreSpawnsStoppedAsync(cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        if (sink is null) return;
        foreach (var incident in await incidents.UnpublishedAsync(cancellationToken))
        {
            // A stable event id keyed by the incident: a crash between publishing and marking it published re-publishes
            // the same id, which the audit log and the webhooks take once.
            var data = new Dictionary<string, string>
            {
                ["incidentId"] = incident.Id, ["detector"] = incident.Detector, ["agents"] = string.Join(",", incident.Agents),
                ["action"] = incident.Action, ["fingerprint"] = incident.Fingerprint,
            };
            await sink.PublishOnceAsync(incident.Id, SafetyEventKinds.CoordinationIncident, "agent",
                $"Coordination {incident.Action}: {incident.Detector}: {incident.Summary}", data, incident.At, cancellationToken);
            await incidents.MarkPublishedAsync(incident.Id, clock.GetUtcNow(), cancellationToken);
        }
    }

    private static void CheckWorkspaces(IReadOnlyList<AgentWorkspace> workspaces)
    {
        foreach (var workspace in workspaces)
        {
            if (workspace is null || string.IsNullOrWhiteSpace(workspace.AgentId) || string.IsNullOrWhiteSpace(workspace.TaskId) || string.IsNullOrWhiteSpace(workspace.WorktreePath))
                throw new DetectionException($"A workspace needs an agent id, a task id and a worktree path; got {workspace?.ToString() ?? "null"}. Give all three for every live agent.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergent-behaviour detector {Detector} failed this sweep; the others ran")]
    private static partial void LogDetectorFailed(ILogger logger, string detector, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coordination incident ({Detector}) {Id}: {Summary}")]
    private static partial void LogIncident(ILogger logger, string detector, string id, string summary);
}

/// <summary>Where the hosted sweep gets the agents' live workspaces (agent, task, worktree); the work queue provides them.</summary>
public interface IAgentWorkspaceSource
{
    /// <summary>The live workspaces now.</summary>
    Task<IReadOnlyList<AgentWorkspace>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The workspace source until a work queue registers its own: no workspaces, so the git detectors (oscillation,
/// duplicate work) see nothing in the hosted sweep; the activity still takes workspaces from its input.
/// </summary>
public sealed class NoAgentWorkspaces : IAgentWorkspaceSource
{
    /// <inheritdoc />
    public Task<IReadOnlyList<AgentWorkspace>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AgentWorkspace>>([]);
}
