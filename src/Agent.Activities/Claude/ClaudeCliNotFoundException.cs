namespace Agent.Activities.Claude;

/// <summary>The Claude Code CLI could not be found; the message says where it looked and how to install it.</summary>
public sealed class ClaudeCliNotFoundException(string message) : Exception(message);
