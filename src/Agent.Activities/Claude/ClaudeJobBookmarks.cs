using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Claude;

/// <summary>
/// Resumes the workflows that wait on Claude jobs (<see cref="ClaudeExecute"/> in <c>async</c> mode) once every job
/// they wait for has ended. The bookmark lists its job ids, so this works from the database alone, on any replica: after
/// a restart, or once a dead replica's heartbeat expired (<see cref="ClaudeJobHeartbeat"/>), its jobs are
/// <c>interrupted</c> and their workflows resume with that. Several replicas may call this at once: the engine lets
/// exactly one resume each bookmark.
/// </summary>
public sealed class ClaudeJobBookmarks(IWorkflowInstanceStore store, WorkflowRuntime runtime, ClaudeJobs jobs)
{
    /// <summary>The bookmark name a waiting <see cref="ClaudeExecute"/> uses.</summary>
    public const string BookmarkName = "Agent.ClaudeJobs";

    /// <summary>The payload key holding the job ids.</summary>
    public const string JobIdsKey = "jobIds";

    /// <summary>The resume input key holding one plain result per job, in job order.</summary>
    public const string ResultsKey = "results";

    /// <summary>Resumes every waiting workflow whose jobs all ended; returns how many were resumed.</summary>
    public async Task<int> ResumeEndedAsync(CancellationToken cancellationToken)
    {
        var resumed = 0;
        foreach (var bookmark in await store.FindBookmarksAsync(BookmarkName, null, cancellationToken))
        {
            var statuses = new List<ClaudeJobStatus>();
            foreach (var id in JobIds(bookmark.Payload))
            {
                // A job missing from the database (its file was replaced) ends the wait as a failure instead of hanging it.
                var status = await jobs.GetStatusAsync(id, cancellationToken) ?? Missing(id);
                statuses.Add(status);
            }
            if (statuses.Count > 0 && !statuses.All(s => ClaudeJobState.IsFinal(s.State))) continue;
            var input = new Dictionary<string, object?> { [ResultsKey] = statuses.Select(s => (object?)ToPlain(s)).ToList() };
            try
            {
                await runtime.ResumeAsync(bookmark.Id, input, cancellationToken);
                resumed++;
            }
            catch (Exception e) when (e is BookmarkNotFoundException or ConcurrencyConflictException)
            {
                // Another resumer (or a cancel) got there first: exactly one wins, which is all that matters.
            }
        }
        return resumed;
    }

    /// <summary>The result of a job as <see cref="ClaudeExecute"/> outputs it, plus its job id and state.</summary>
    public static Dictionary<string, object?> ToPlain(ClaudeJobStatus job)
    {
        // A job without a result (interrupted, or missing) still reads like a run result, with the job's state as subtype.
        var plain = ClaudeResultView.ToPlain(job.Result ?? new ClaudeRunResult
        {
            Subtype = job.State, SessionId = job.SessionId, Turns = job.Turns, CostUsd = job.CostUsd, Error = job.Error,
        });
        plain["jobId"] = job.Id;
        plain["state"] = job.State;
        return plain;
    }

    private static IEnumerable<string> JobIds(Dictionary<string, object?>? payload) =>
        payload?.GetValueOrDefault(JobIdsKey) is IEnumerable<object?> ids ? ids.OfType<string>() : [];

    private static ClaudeJobStatus Missing(string id) => new()
    {
        Id = id, State = ClaudeJobState.Failed, WorkingDirectory = "",
        Error = $"Job '{id}' is not in the jobs database (Claude:Jobs:DatabasePath); it cannot be followed any more.",
    };
}
