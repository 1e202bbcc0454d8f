using System.Text.Json;
using Agent.Workflows.Execution;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Activities;

/// <summary>
/// Reads an activity input given as a plain object (an earlier activity's output: camelCase dictionaries and lists, as
/// <c>ValueConverter.ToPlain</c> wrote it) back as a typed record.
/// </summary>
public static class PlainRecords
{
    /// <summary>The fault code of a missing or ill-shaped input.</summary>
    public const string InvalidInputCode = "cycle-invalid-input";

    /// <summary>Converts <paramref name="plain"/> to <typeparamref name="T"/>; a missing or ill-shaped value faults with the activity and input names.</summary>
    /// <exception cref="WorkflowFaultException">The value is missing or does not have the shape of <typeparamref name="T"/>.</exception>
    public static T Read<T>(object? plain, string activityId, string input)
    {
        if (plain is null)
            throw new WorkflowFaultException($"{activityId}: input '{input}' is missing; bind it to the output of the step that produces a {typeof(T).Name}.", InvalidInputCode);
        try
        {
            var element = JsonSerializer.SerializeToElement(ValueConverter.ToPlain(plain), WorkflowJson.Options);
            return element.Deserialize<T>(WorkflowJson.Options) ?? throw new JsonException("the value is null");
        }
        catch (JsonException e)
        {
            throw new WorkflowFaultException($"{activityId}: input '{input}' is not a {typeof(T).Name} ({e.Message}).", InvalidInputCode);
        }
    }
}
