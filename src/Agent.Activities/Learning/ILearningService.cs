using Agent.Activities.Learning.Errors;

namespace Agent.Activities.Learning;

/// <summary>
/// The learning system as the improvement cycle sees it: record what an attempt did and found, and ask what is known
/// before the next one. Research/Plan/Learn activities call this; everything else lives behind it.
/// </summary>
public interface ILearningService
{
    /// <summary>
    /// Stores one attempt in one transaction: the experience, the errors it saw (under their signatures), the fix as a
    /// solution of each error it resolved, the outcome of solutions it was offered, graph nodes and edges, agent and
    /// repository metrics, and the re-mined patterns of its task type. An attempt with an
    /// <see cref="AttemptRecord.AttemptId"/> that is already stored is not stored again: the call returns its experience
    /// id, its errors and the solutions it found.
    /// </summary>
    /// <exception cref="LearningInputException">The record is invalid; nothing was stored.</exception>
    Task<AttemptRecorded> RecordAttemptAsync(AttemptRecord attempt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks an accepted attempt as rolled back (its change was reverted after a check failed): the experience's outcome
    /// becomes <see cref="Persistence.ExperienceOutcome.RolledBack"/>, the solutions it found get a failure, and its task
    /// type's patterns are mined again. Repeating it changes nothing more.
    /// </summary>
    /// <returns>False when it already was rolled back.</returns>
    /// <exception cref="LearningInputException">There is no such experience, or it was not accepted; nothing changed.</exception>
    Task<bool> RecordRollbackAsync(string experienceId, CancellationToken cancellationToken = default);

    /// <summary>Matches for <paramref name="currentErrors"/> with their solutions, similar past experiences, and both as a prompt block.</summary>
    Task<TaskContext> GetTaskContextAsync(LearningTask task, IReadOnlyList<ErrorObservation>? currentErrors = null, CancellationToken cancellationToken = default);

    /// <summary>Past failures to propose again as gaps: new solutions exist for their errors and no later attempt at the same task was accepted.</summary>
    Task<IReadOnlyList<ReplayProposal>> ProposeReplaysAsync(CancellationToken cancellationToken = default);
}
