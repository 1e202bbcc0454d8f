using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Agent.Testing.Host.Cluster;

/// <summary>What one request of a decision got: which replica answered, on which endpoint, with what status and body.</summary>
/// <param name="Replica">The index of the replica that answered.</param>
/// <param name="Path">The endpoint: the REST API's or the dashboard's.</param>
/// <param name="Status">Its HTTP status.</param>
/// <param name="Body">Its body (the problem details on a refusal).</param>
/// <param name="TriedDeadReplica">
/// Whether a replica that was killed got the request first: it may have recorded the decision before it died, so a
/// refusal as "already decided" by this same decider is then the expected answer, not a second decision.
/// </param>
public sealed record DecisionReply(int Replica, string Path, HttpStatusCode Status, string Body, bool TriedDeadReplica);

/// <summary>One approval as the reviewer decided it: the decision, then the same decision sent again to another replica.</summary>
public sealed record ReviewedApproval(string ApprovalId, string InstanceId, string By, DecisionReply First, DecisionReply Repeat);

/// <summary>
/// A person working through the approvals of a <see cref="ReplicaSet"/> over HTTP while replicas may die: lists the
/// pending approvals on the replicas in turn (<c>GET /api/approvals</c> and the dashboard's
/// <c>GET /dashboard/api/approvals</c>, alternately), decides each one through <c>POST /api/approvals/{id}</c> (with
/// its decider) on the next replica round-robin, then sends the same decision again to a different live replica —
/// through the REST API or the dashboard's approve button (<c>POST /dashboard/api/approvals/{id}</c>), alternately.
/// A request a killed replica cannot answer goes to the next live one.
/// </summary>
/// <param name="set">The replicas.</param>
/// <param name="isDead">Whether the replica at an index was killed (set before the kill, so its failures are expected).</param>
/// <param name="parallel">How many decisions are in flight at once.</param>
public sealed class ReplicaReviewer(ReplicaSet set, Func<int, bool> isDead, int parallel = 4)
{
    private const string RestApi = "/api/approvals";
    private const string DashboardApi = "/dashboard/api/approvals";
    private readonly ConcurrentDictionary<string, string> _asked = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Every approval decided so far, by approval id.</summary>
    public ConcurrentDictionary<string, ReviewedApproval> Reviewed { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Decides every approval of <see cref="FailoverWorkflows.Approval"/> instances until <paramref name="starting"/> has
    /// ended and every such instance in the shared database has had its approval decided.
    /// </summary>
    /// <exception cref="TimeoutException">Some instance's approval never showed up within <paramref name="timeout"/>.</exception>
    public async Task RunAsync(Task starting, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var decisions = new List<Task>();
        using var gate = new SemaphoreSlim(parallel);
        var turn = 0;
        while (await UndecidedAsync(starting, cancellationToken) is { } undecided)
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"After {timeout} these approval instances had no approval to decide: {string.Join(", ", undecided)}\n{set.Logs()}");
            foreach (var (approvalId, instanceId) in await ListPendingAsync(turn++, cancellationToken))
                if (_asked.TryAdd(approvalId, instanceId)) decisions.Add(DecideTwiceAsync(approvalId, instanceId, Interlocked.Increment(ref _next), gate, cancellationToken));
            await Task.Delay(200, cancellationToken);
        }
        await Task.WhenAll(decisions);
    }

    // Null once the starts are over and every approval instance stored has been asked about; else the ones not yet.
    private async Task<List<string>?> UndecidedAsync(Task starting, CancellationToken cancellationToken)
    {
        var ids = await set.QueryAsync($"SELECT id FROM workflows.instances WHERE \"definitionId\" = '{FailoverWorkflows.Approval}'", cancellationToken);
        var asked = _asked.Values.ToHashSet(StringComparer.Ordinal);
        var undecided = ids.Select(r => (string)r[0]!).Where(id => !asked.Contains(id)).ToList();
        return starting.IsCompleted && undecided.Count == 0 ? null : undecided;
    }

    private async Task<List<(string ApprovalId, string InstanceId)>> ListPendingAsync(int turn, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < set.Replicas.Count; attempt++)
        {
            var index = (turn + attempt) % set.Replicas.Count;
            if (isDead(index)) continue;
            try
            {
                using var response = await set.Replicas[index].Http.GetAsync(turn % 2 == 0 ? RestApi : DashboardApi, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Listing approvals on {ReplicaSet.ReplicaId(index)} failed: {response.StatusCode} {body}");
                return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()
                    .Where(a => a.GetProperty("title").GetString() == FailoverWorkflows.ApprovalTitle)
                    .Select(a => (a.GetProperty("id").GetString()!, a.GetProperty("instanceId").GetString()!))];
            }
            catch (HttpRequestException) when (isDead(index)) { }
        }
        return [];
    }

    private async Task DecideTwiceAsync(string approvalId, string instanceId, int n, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var by = $"reviewer-{n}";
            var body = JsonSerializer.Serialize(new { decision = "approve", by, comment = $"decision {n}" });
            var first = await SendAsync($"{RestApi}/{approvalId}", body, n % set.Replicas.Count, avoid: -1, cancellationToken);
            // The dashboard's button takes no decider: the signed-in user decides.
            var repeat = n % 2 == 0
                ? await SendAsync($"{RestApi}/{approvalId}", body, first.Replica + 1, avoid: first.Replica, cancellationToken)
                : await SendAsync($"{DashboardApi}/{approvalId}", JsonSerializer.Serialize(new { decision = "approve", comment = $"decision {n} again" }), first.Replica + 1, avoid: first.Replica, cancellationToken);
            Reviewed[approvalId] = new ReviewedApproval(approvalId, instanceId, by, first, repeat);
        }
        finally { gate.Release(); }
    }

    private async Task<DecisionReply> SendAsync(string path, string body, int start, int avoid, CancellationToken cancellationToken)
    {
        var triedDead = false;
        for (var attempt = 0; attempt < set.Replicas.Count * 2; attempt++)
        {
            var index = (start + attempt) % set.Replicas.Count;
            if (index == avoid || isDead(index)) continue;
            try
            {
                using var response = await set.Replicas[index].Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                return new DecisionReply(index, path, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), triedDead);
            }
            catch (HttpRequestException) when (isDead(index)) { triedDead = true; }
        }
        throw new InvalidOperationException($"No live replica other than {avoid} answered POST {path}.\n{set.Logs()}");
    }
}
