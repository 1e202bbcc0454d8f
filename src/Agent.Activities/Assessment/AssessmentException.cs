namespace Agent.Activities.Assessment;

/// <summary>A target that cannot be assessed (missing folder, not a git repository); the message says what to do.</summary>
public sealed class AssessmentException(string message) : Exception(message);
