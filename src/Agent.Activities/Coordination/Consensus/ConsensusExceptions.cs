namespace Agent.Activities.Coordination.Consensus;

/// <summary>A consensus request was refused before anything was stored; the message says what to give instead.</summary>
/// <param name="field">The input at fault.</param>
/// <param name="message">What was wrong and what to do.</param>
public sealed class InvalidConsensusException(string field, string message) : Exception(message)
{
    /// <summary>The input at fault.</summary>
    public string Field { get; } = field;
}

/// <summary>No consensus round has the id asked for.</summary>
public sealed class UnknownRoundException(string roundId)
    : Exception($"No consensus round has id '{roundId}'; list the rounds with 'agent consensus list'.")
{
    /// <summary>The id asked for.</summary>
    public string RoundId { get; } = roundId;
}
