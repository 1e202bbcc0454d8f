namespace Agent.ModelServer;

/// <summary>Where the scripted model server listens.</summary>
public sealed class ModelServerOptions
{
    /// <summary>The loopback address to bind. Only loopback is supported: the server has no authentication.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 = a free port chosen by the OS.</summary>
    public int Port { get; init; }
}
