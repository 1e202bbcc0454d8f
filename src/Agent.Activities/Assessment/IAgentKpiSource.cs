namespace Agent.Activities.Assessment;

/// <summary>
/// The agent's own KPIs, which AssessState measures alongside the target. The learning system provides them
/// (<c>AddCycleLearning</c>); without it there are none.
/// </summary>
public interface IAgentKpiSource
{
    /// <summary>The KPIs now (a plain record the workflow can keep), or null when nothing computes them.</summary>
    Task<object?> MeasureAsync(CancellationToken cancellationToken);
}

/// <summary>No KPIs: the cycle without a learning system.</summary>
internal sealed class NoAgentKpis : IAgentKpiSource
{
    public Task<object?> MeasureAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(null);
}
