namespace Agent.Activities.Discovery.Integration;

/// <summary>An integration cannot go on: bad input, an unsupported package, a failed install, or a file that cannot be edited safely. The message says which and what to do.</summary>
public sealed class IntegrationException(string message, Exception? inner = null) : Exception(message, inner);
