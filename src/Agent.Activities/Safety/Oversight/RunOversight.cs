using System.Security.Cryptography;
using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// What the broker needs to answer the hooks of one Claude run: its id, the secret token its hook commands carry, the
/// policy and the context to decide in, and the journal its decisions go to.
/// </summary>
public sealed class RunOversight
{
    private readonly List<ToolDecision> _decisions = [];

    /// <summary>A run with a fresh id and a random token.</summary>
    public RunOversight(IPolicyEvaluator evaluator, PolicyContext context, string? runId = null)
    {
        Evaluator = evaluator;
        Context = context;
        RunId = runId ?? Guid.NewGuid().ToString("N");
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The run's id (also in the published events).</summary>
    public string RunId { get; }

    /// <summary>The secret the run's hook commands send; a request without it is refused.</summary>
    public string Token { get; }

    /// <summary>The policy the run's tool calls are decided by.</summary>
    public IPolicyEvaluator Evaluator { get; }

    /// <summary>The worktree, target, task type and protected paths of the run (<see cref="PolicyContext.Now"/> is refreshed per call).</summary>
    public PolicyContext Context { get; }

    /// <summary>Every decision and record so far, in arrival order.</summary>
    public IReadOnlyList<ToolDecision> Decisions
    {
        get { lock (_decisions) return [.. _decisions]; }
    }

    /// <summary>Appends to the journal (hooks of parallel tool calls arrive concurrently).</summary>
    public void Record(ToolDecision decision)
    {
        lock (_decisions) _decisions.Add(decision);
    }

    /// <summary>Whether <paramref name="token"/> is this run's, compared in constant time.</summary>
    public bool Accepts(string token) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(token), System.Text.Encoding.ASCII.GetBytes(Token));
}
