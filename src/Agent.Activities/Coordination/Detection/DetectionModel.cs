using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Agent.Activities.Coordination.Detection;

/// <summary>The detectors, as incidents and configuration name them.</summary>
public static class DetectorNames
{
    /// <summary>Agents reverting each other.</summary>
    public const string Oscillation = "oscillation";
    /// <summary>Two agents editing the same files for different tasks.</summary>
    public const string DuplicateWork = "duplicate-work";
    /// <summary>Too many agents spawned per minute, or too deep a parent chain.</summary>
    public const string RunawaySpawning = "runaway-spawning";
    /// <summary>Spend per minute far above its rolling baseline.</summary>
    public const string CostSpike = "cost-spike";
    /// <summary>The same message bouncing between agents, or the same failure across agents.</summary>
    public const string EchoLoop = "echo-loop";
    /// <summary>Agents waiting on each other in a cycle.</summary>
    public const string Deadlock = "deadlock";
}

/// <summary>What an incident makes the coordination do.</summary>
public static class IncidentActions
{
    /// <summary>The coordination is paused (no new work until a person resumes it).</summary>
    public const string Pause = "pause";
    /// <summary>The coordination is paused and no agent may be spawned.</summary>
    public const string PauseAndStopSpawns = "pause+stop-spawns";
}

/// <summary>One agent's live workspace, as the caller (the work queue) knows it: for duplicate-work and oscillation detection.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="TaskId">The task it works.</param>
/// <param name="WorktreePath">Its git worktree (a real checkout).</param>
/// <param name="BaseRevision">What its task started from (a branch or commit); committed changes since it count as changed. Only uncommitted changes count when null.</param>
/// <param name="InstanceId">The agent's worker workflow instance, whose journal's faults count as the agent's failures; none when null.</param>
public sealed record AgentWorkspace(string AgentId, string TaskId, string WorktreePath, string? BaseRevision = null, string? InstanceId = null);

/// <summary>What the detectors look at besides the databases: the time and the live workspaces.</summary>
/// <param name="Now">The sweep's time.</param>
/// <param name="Workspaces">The agents' live workspaces; empty when the caller knows none.</param>
public sealed record DetectionContext(DateTimeOffset Now, IReadOnlyList<AgentWorkspace> Workspaces);

/// <summary>
/// One thing a detector found. <paramref name="Fingerprint"/> identifies its evidence: a finding whose fingerprint is
/// already stored raises no second incident.
/// </summary>
/// <param name="Detector">One of <see cref="DetectorNames"/>.</param>
/// <param name="Agents">The agents involved, sorted.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Evidence">What was seen (commits, files, messages, rates), as JSON.</param>
/// <param name="Fingerprint">Stable for the same evidence.</param>
/// <param name="Action">One of <see cref="IncidentActions"/>.</param>
public sealed record DetectionFinding(string Detector, IReadOnlyList<string> Agents, string Summary, JsonObject Evidence, string Fingerprint, string Action = IncidentActions.Pause)
{
    /// <summary>A fingerprint of <paramref name="detector"/> and <paramref name="parts"/> (order matters; sort sets first).</summary>
    public static string FingerprintOf(string detector, params IEnumerable<string>[] parts)
    {
        var text = detector + "\n" + string.Join("\n", parts.Select(p => string.Join("\u001f", p)));
        return detector + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}

/// <summary>A stored incident: a finding, the action taken, and when.</summary>
/// <param name="Id">The incident's id.</param>
/// <param name="Detector">One of <see cref="DetectorNames"/>.</param>
/// <param name="Agents">The agents involved.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Evidence">What was seen, as JSON text.</param>
/// <param name="Action">One of <see cref="IncidentActions"/>.</param>
/// <param name="At">When it was raised.</param>
/// <param name="Fingerprint">The evidence's fingerprint.</param>
/// <param name="PublishedAt">When the safety event went out; null until then.</param>
public sealed record CoordinationIncident(string Id, string Detector, IReadOnlyList<string> Agents, string Summary, string Evidence, string Action, DateTimeOffset At, string Fingerprint, DateTimeOffset? PublishedAt);

/// <summary>One kind of emergent misbehaviour, looked for over the coordination's records.</summary>
public interface IEmergentBehaviourDetector
{
    /// <summary>One of <see cref="DetectorNames"/>.</summary>
    string Name { get; }

    /// <summary>What is wrong now; empty when nothing is.</summary>
    Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken);
}

/// <summary>A detection setting or input is wrong; the message says which and what to give instead.</summary>
public sealed class DetectionException(string message) : Exception(message);
