namespace Agent.Activities.Claude;

/// <summary>A job cannot be resumed; the message says why and what to do instead.</summary>
public sealed class ClaudeJobNotResumableException(string message) : Exception(message);
