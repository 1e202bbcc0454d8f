namespace Agent.Activities.Discovery;

/// <summary>A capability taxonomy file (<c>capabilities.yaml</c>) that cannot be used; the message names the file, the line and the fix.</summary>
public sealed class CapabilityTaxonomyException(string file, int line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    /// <summary>The taxonomy file.</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line of the problem (0 when the file itself is missing).</summary>
    public int Line { get; } = line;

    /// <summary>The problem without the location.</summary>
    public string Problem { get; } = problem;
}
