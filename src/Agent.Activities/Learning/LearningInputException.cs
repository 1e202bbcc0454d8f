namespace Agent.Activities.Learning;

/// <summary>Bad input to the learning system (a blank goal, a negative cost…). The message says what was wrong and
/// what to give instead; nothing was stored.</summary>
public sealed class LearningInputException(string message) : Exception(message);
