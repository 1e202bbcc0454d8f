namespace Agent.Server.Cli;

/// <summary>Exit codes of every CLI verb.</summary>
public static class ExitCodes
{
    /// <summary>The command succeeded; an instance finished or is suspended waiting on a bookmark.</summary>
    public const int Success = 0;

    /// <summary>The instance faulted or was cancelled, or something unexpected went wrong.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: invalid definition, unknown id or version, bookmark missing or already resumed, not JSON, unusable database.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
