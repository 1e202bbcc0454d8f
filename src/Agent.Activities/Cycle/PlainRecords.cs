using System.Text.Json;
using Agent.Workflows.Execution;

namespace Agent.Activities.Cycle;

/// <summary>
/// Reads a record back from the plain value a workflow carries (an earlier activity's output: camelCase dictionaries
/// and lists, as <c>ValueConverter.ToPlain</c> wrote it).
/// </summary>
public static class PlainRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The record in <paramref name="plain"/>; a fault naming the activity and input when it is missing or malformed.</summary>
    /// <exception cref="WorkflowFaultException">The value is null or does not have the record's shape.</exception>
    public static T Read<T>(object? plain, string activityId, string input)
    {
        if (plain is null) throw new WorkflowFaultException($"{activityId}: the input '{input}' is empty; bind it to the output of the step before.", "cycle-invalid-input");
        try
        {
            return JsonSerializer.SerializeToElement(plain, Json).Deserialize<T>(Json)
                ?? throw new WorkflowFaultException($"{activityId}: the input '{input}' is null.", "cycle-invalid-input");
        }
        catch (JsonException e)
        {
            throw new WorkflowFaultException($"{activityId}: the input '{input}' is not a {typeof(T).Name}: {e.Message}", "cycle-invalid-input");
        }
    }
}

/// <summary>Reports progress as workflow output lines, in order (Progress&lt;T&gt; would post them later, out of order).</summary>
internal sealed class WriteLineProgress(ActivityExecutionContext context, string prefix) : IProgress<string>
{
    public void Report(string value) => context.WriteLine($"{prefix}{value}");
}
