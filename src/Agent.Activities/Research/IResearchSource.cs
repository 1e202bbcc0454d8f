using Agent.Activities.Assessment;
using Agent.Activities.Gaps;

namespace Agent.Activities.Research;

/// <summary>What a research source is asked about.</summary>
/// <param name="TargetPath">The target repository.</param>
/// <param name="Gap">The gap.</param>
/// <param name="Snapshot">The snapshot the gap came from.</param>
/// <param name="ErrorExcerpts">The error texts already found (to match against an error database).</param>
public sealed record ResearchQuery(string TargetPath, Gap Gap, MeasurementSnapshot Snapshot, IReadOnlyList<string> ErrorExcerpts);

/// <summary>
/// A pluggable source of research notes. The learning system registers one for error-database matches and replayed
/// experiences; the external research engine will register another. With none registered, research is the repository
/// alone. Register with <c>services.AddSingleton&lt;IResearchSource, MySource&gt;()</c>.
/// </summary>
public interface IResearchSource
{
    /// <summary>The source's name in notes.</summary>
    string Name { get; }

    /// <summary>Notes about <paramref name="query"/>; empty when the source knows nothing.</summary>
    Task<IReadOnlyList<ResearchNote>> FindAsync(ResearchQuery query, CancellationToken cancellationToken);
}
