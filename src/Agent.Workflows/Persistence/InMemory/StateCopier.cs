using Agent.Workflows.Expressions;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.InMemory;

/// <summary>
/// Deep copies of instance state for the in-memory store. A structural copy gives the same isolation and the
/// same plain values as a trip through JSON (every value goes through <see cref="ValueConverter.ToPlain"/>) at a
/// fraction of the cost, which matters because the store is written after every activity. A test compares it
/// with the JSON round trip on a fully populated state, so a new state field cannot be forgotten silently.
/// </summary>
internal static class StateCopier
{
    public static WorkflowState Copy(WorkflowState s) => new()
    {
        Variables = CopyMap(s.Variables, StringComparer.Ordinal),
        Input = CopyMap(s.Input, StringComparer.OrdinalIgnoreCase),
        Output = CopyMap(s.Output, StringComparer.OrdinalIgnoreCase),
        ActivityOutputs = s.ActivityOutputs.ToDictionary(p => p.Key, p => CopyMap(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        LastResult = ValueConverter.ToPlain(s.LastResult),
        Queue = s.Queue.ConvertAll(w => w with { ResumeInput = CopyPayload(w.ResumeInput) }),
        Tokens = s.Tokens.ConvertAll(t => new FlowToken(t.FromActivity, t.FromPort, t.ToActivity, t.ToPort) { FrameId = t.FrameId, Consumed = t.Consumed, Blocked = t.Blocked }),
        Bookmarks = s.Bookmarks.ConvertAll(CopyBookmark),
        Incidents = [.. s.Incidents],
        OutputLines = [.. s.OutputLines],
        Attempts = new Dictionary<string, int>(s.Attempts, StringComparer.Ordinal),
        InProgress = s.InProgress,
        Sequence = s.Sequence,
        TriggerActivityId = s.TriggerActivityId,
        Parent = s.Parent,
        Frames = s.Frames.ToDictionary(p => p.Key, p => CopyFrame(p.Value), StringComparer.Ordinal),
    };

    private static ExecutionFrame CopyFrame(ExecutionFrame f) => new()
    {
        Id = f.Id, Kind = f.Kind, ActivityId = f.ActivityId, ParentId = f.ParentId, ChildActivityId = f.ChildActivityId,
        ExecutionId = f.ExecutionId, Tag = f.Tag, StartedAt = f.StartedAt,
        Variables = CopyMap(f.Variables, StringComparer.Ordinal),
        ActivityOutputs = f.ActivityOutputs.ToDictionary(p => p.Key, p => CopyMap(p.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        Properties = CopyMap(f.Properties, StringComparer.Ordinal),
        Input = f.Input is null ? null : CopyMap(f.Input, StringComparer.OrdinalIgnoreCase),
        Output = f.Output is null ? null : CopyMap(f.Output, StringComparer.OrdinalIgnoreCase),
    };

    public static Bookmark CopyBookmark(Bookmark b) => b with { Payload = CopyPayload(b.Payload) };

    public static Dictionary<string, object?>? CopyPayload(Dictionary<string, object?>? payload) =>
        payload is null ? null : CopyMap(payload, StringComparer.Ordinal);

    private static Dictionary<string, object?> CopyMap(Dictionary<string, object?> map, StringComparer comparer)
    {
        var copy = new Dictionary<string, object?>(map.Count, comparer);
        foreach (var (key, value) in map) copy[key] = ValueConverter.ToPlain(value);
        return copy;
    }
}
