using Agent.Workflows.Expressions;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.InMemory;

/// <summary>
/// Deep copies of instance state for the in-memory store. A structural copy gives the same isolation and the
/// same plain values as a trip through JSON (every value goes through <see cref="ValueConverter.ToPlain"/>) at a
/// fraction of the cost, which matters because the store is written after every activity. A test compares it
/// with the JSON round trip on a fully populated state, so a new state field cannot be forgotten silently.
/// </summary>
/// <remarks>
/// A collection that is empty (or was never made) stays unmade in the copy: the state makes it on first read, so
/// the copy reads the same, and a short instance's commit does not build ten empty collections on each side.
/// </remarks>
internal static class StateCopier
{
    public static WorkflowState Copy(WorkflowState s)
    {
        var copy = new WorkflowState
        {
            LastResult = ValueConverter.ToPlain(s.LastResult),
            InProgress = s.InProgress,
            Sequence = s.Sequence,
            TriggerActivityId = s.TriggerActivityId,
            Parent = s.Parent,
        };
        if (s.QueueIfAny is { Count: > 0 } queue) copy.Queue = queue.ConvertAll(w => w with { ResumeInput = CopyPayload(w.ResumeInput) });
        if (s.VariablesIfAny is { Count: > 0 } variables) copy.Variables = CopyMap(variables, StringComparer.Ordinal);
        if (s.InputIfAny is { Count: > 0 } input) copy.Input = CopyMap(input, StringComparer.OrdinalIgnoreCase);
        if (s.OutputIfAny is { Count: > 0 } output) copy.Output = CopyMap(output, StringComparer.OrdinalIgnoreCase);
        if (s.ActivityOutputsIfAny is { Count: > 0 } outputs) copy.ActivityOutputs = CopyOutputs(outputs);
        if (s.TokensIfAny is { Count: > 0 } tokens)
            copy.Tokens = tokens.ConvertAll(t => new FlowToken(t.FromActivity, t.FromPort, t.ToActivity, t.ToPort) { FrameId = t.FrameId, Consumed = t.Consumed, Blocked = t.Blocked });
        if (s.BookmarksIfAny is { Count: > 0 } bookmarks) copy.Bookmarks = bookmarks.ConvertAll(CopyBookmark);
        if (s.IncidentsIfAny is { Count: > 0 } incidents) copy.Incidents = [.. incidents];
        if (s.OutputLinesIfAny is { Count: > 0 } lines) copy.OutputLines = [.. lines];
        if (s.AttemptsIfAny is { Count: > 0 } attempts) copy.Attempts = new Dictionary<string, int>(attempts, StringComparer.Ordinal);
        if (s.FramesIfAny is { Count: > 0 } frames)
        {
            var framesCopy = new Dictionary<string, ExecutionFrame>(frames.Count, StringComparer.Ordinal);
            foreach (var (id, frame) in frames) framesCopy[id] = CopyFrame(frame);
            copy.Frames = framesCopy;
        }
        return copy;
    }

    private static ExecutionFrame CopyFrame(ExecutionFrame f) => new()
    {
        Id = f.Id, Kind = f.Kind, ActivityId = f.ActivityId, ParentId = f.ParentId, ChildActivityId = f.ChildActivityId,
        ExecutionId = f.ExecutionId, Tag = f.Tag, StartedAt = f.StartedAt,
        Variables = CopyMap(f.Variables, StringComparer.Ordinal),
        ActivityOutputs = CopyOutputs(f.ActivityOutputs),
        Properties = CopyMap(f.Properties, StringComparer.Ordinal),
        Input = f.Input is null ? null : CopyMap(f.Input, StringComparer.OrdinalIgnoreCase),
        Output = f.Output is null ? null : CopyMap(f.Output, StringComparer.OrdinalIgnoreCase),
    };

    public static Bookmark CopyBookmark(Bookmark b) => b with { Payload = CopyPayload(b.Payload) };

    public static Dictionary<string, object?>? CopyPayload(Dictionary<string, object?>? payload) =>
        payload is null ? null : CopyMap(payload, StringComparer.Ordinal);

    private static Dictionary<string, Dictionary<string, object?>> CopyOutputs(Dictionary<string, Dictionary<string, object?>> outputs)
    {
        var copy = new Dictionary<string, Dictionary<string, object?>>(outputs.Count, StringComparer.Ordinal);
        foreach (var (activityId, values) in outputs) copy[activityId] = CopyMap(values, StringComparer.Ordinal);
        return copy;
    }

    private static Dictionary<string, object?> CopyMap(Dictionary<string, object?> map, StringComparer comparer)
    {
        var copy = new Dictionary<string, object?>(map.Count, comparer);
        foreach (var (key, value) in map) copy[key] = ValueConverter.ToPlain(value);
        return copy;
    }
}
