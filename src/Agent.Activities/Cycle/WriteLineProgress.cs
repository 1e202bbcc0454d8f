namespace Agent.Activities.Cycle;

/// <summary>Reports progress as workflow output lines, in order (Progress&lt;T&gt; would post them later, out of order).</summary>
public sealed class WriteLineProgress(ActivityExecutionContext context, string prefix) : IProgress<string>
{
    /// <inheritdoc />
    public void Report(string value) => context.WriteLine($"{prefix}{value}");
}
