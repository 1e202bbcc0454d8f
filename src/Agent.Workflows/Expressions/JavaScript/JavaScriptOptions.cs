namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>Limits for JavaScript expressions. The defaults suit definitions written by untrusted users.</summary>
public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock time one evaluation may take, in milliseconds. Default 2000.</summary>
    public int TimeoutMs { get; set; } = 2000;

    /// <summary>Bytes one evaluation may allocate. Default 32 MB.</summary>
    public long MemoryLimitBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How deeply script functions may call each other. Default 256.</summary>
    public int RecursionLimit { get; set; } = 256;

    /// <summary>How many statements one evaluation may execute; null (the default) for no limit.</summary>
    public int? MaxStatements { get; set; }

    /// <summary>How many distinct parsed scripts are kept. Default 1024; when full the cache starts over.</summary>
    public int ScriptCacheCapacity { get; set; } = 1024;

    /// <summary>Throws when a limit is not positive, so a typo in configuration fails at start-up, not per expression.</summary>
    public void Validate()
    {
        if (TimeoutMs <= 0) throw new ArgumentOutOfRangeException(nameof(TimeoutMs), TimeoutMs, "must be positive");
        if (MemoryLimitBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MemoryLimitBytes), MemoryLimitBytes, "must be positive");
        if (RecursionLimit <= 0) throw new ArgumentOutOfRangeException(nameof(RecursionLimit), RecursionLimit, "must be positive");
        if (MaxStatements is <= 0) throw new ArgumentOutOfRangeException(nameof(MaxStatements), MaxStatements, "must be positive");
        if (ScriptCacheCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(ScriptCacheCapacity), ScriptCacheCapacity, "must be positive");
    }
}
