using Agent.Activities.Coordination.Messaging;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>One agent that could take a task, with what ranks it.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="LiveLeases">How many tasks it holds now (leases not yet expired).</param>
/// <param name="WaitingSince">When it last got a lease, or registered when it never did: the longer ago, the sooner its turn.</param>
public sealed record AgentCandidate(string AgentId, int LiveLeases, DateTimeOffset WaitingSince);

/// <summary>
/// The push's choice of agent for a task: among live agents (not stopped) of the task's role that have every capability
/// it wants, the least loaded (fewest live leases); ties go to the one waiting longest, then by id so it is deterministic.
/// </summary>
public sealed class AgentPicker
{
    /// <summary>Ranks <paramref name="candidates"/>: the first is the one to get the task.</summary>
    public static IEnumerable<AgentCandidate> Rank(IEnumerable<AgentCandidate> candidates) =>
        candidates.OrderBy(c => c.LiveLeases).ThenBy(c => c.WaitingSince).ThenBy(c => c.AgentId, StringComparer.Ordinal);

    /// <summary>Inside the assignment's transaction: the agent to lease <paramref name="task"/> to, or null when none fits.</summary>
    public async Task<string?> PickAsync(DbConnection connection, DbTransaction transaction, WorkTask task, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = new List<AgentCandidate>();
        foreach (var agent in await AgentRegistry.LiveAsync(connection, transaction, task.Role, cancellationToken))
        {
            if (!(await AgentCapabilities.ReadAsync(connection, transaction, agent, cancellationToken)).Covers(task.Capabilities)) continue;
            await using var load = Command(connection, transaction, """
                SELECT (SELECT COUNT(*) FROM tasks WHERE lease_owner = @agent AND status = @leased AND lease_expires_at > @now),
                       (SELECT MAX(leased_at) FROM tasks WHERE lease_owner = @agent)
                """, ("@agent", agent.Id), ("@leased", TaskStatuses.Leased), ("@now", Time(now)));
            await using var reader = await load.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            candidates.Add(new AgentCandidate(agent.Id, reader.GetInt32(0), ReadTime(reader, 1) ?? agent.CreatedAt));
        }
        return Rank(candidates).FirstOrDefault()?.AgentId;
    }
}
