using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Frames;

/// <summary>Where outputs written inside frames go, so an iteration reads its own.</summary>
internal static class FrameOutputs
{
    /// <summary>Records an output in the nearest child frame (the iteration or branch the activity runs in).</summary>
    public static void Record(WorkflowState state, string? frameId, string activityId, string name, object? value)
    {
        foreach (var f in state.FrameChain(frameId))
        {
            if (f.Kind != FrameKind.Child) continue;
            if (!f.ActivityOutputs.TryGetValue(activityId, out var outputs))
                f.ActivityOutputs[activityId] = outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            outputs[name] = value;
            return;
        }
    }

    /// <summary>
    /// Captures an output into a variable of the frame chain, or into the outputs of the nearest workflow used as an
    /// activity; false when neither holds the reference (the instance's own variables and outputs then take it).
    /// </summary>
    public static bool TryCapture(WorkflowState state, string? frameId, string reference, object? value)
    {
        foreach (var f in state.FrameChain(frameId))
        {
            if (f.Variables.ContainsKey(reference)) { f.Variables[reference] = value; return true; }
            if (f.Output is not null) { f.Output[reference] = value; return true; }
        }
        return false;
    }

    /// <summary>Writes an output of the nearest workflow used as an activity; false when there is none (the instance's output then takes it).</summary>
    public static bool TrySetWorkflowOutput(WorkflowState state, string? frameId, string name, object? value)
    {
        foreach (var f in state.FrameChain(frameId))
        {
            if (f.Output is null) continue;
            f.Output[name] = value;
            return true;
        }
        return false;
    }

}
