using System.Text.Json;
using Agent.Workflows.Execution;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Activities;

/// <summary>Reads an activity input given as a plain object (e.g. another activity's output) as a typed record.</summary>
public static class PlainRecords
{
    /// <summary>Converts <paramref name="plain"/> to <typeparamref name="T"/>; a missing or ill-shaped value faults with the input's name.</summary>
    /// <exception cref="WorkflowFaultException">The value is missing or does not have the shape of <typeparamref name="T"/>.</exception>
    public static T To<T>(object? plain, string activityId, string input) where T : class
    {
        if (plain is null) throw new WorkflowFaultException($"{activityId}: input '{input}' is missing; bind it to the output that produces a {typeof(T).Name}.");
        try
        {
            var element = JsonSerializer.SerializeToElement(ValueConverter.ToPlain(plain), WorkflowJson.Options);
            return element.Deserialize<T>(WorkflowJson.Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new WorkflowFaultException($"{activityId}: input '{input}' is not a {typeof(T).Name} ({e.Message}).");
        }
    }
}
