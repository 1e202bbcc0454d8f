namespace Agent.Server.Cli;

/// <summary>The user asked for something that cannot be done as asked (exit code 2). The message says what to do instead.</summary>
public sealed class CliUsageException(string message) : Exception(message);
