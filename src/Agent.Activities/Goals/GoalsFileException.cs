namespace Agent.Activities.Goals;

/// <summary>A goals file that cannot be used; the message names the file, the line and what to change.</summary>
public sealed class GoalsFileException(string file, int line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    /// <summary>The goals file.</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line of the problem.</summary>
    public int Line { get; } = line;

    /// <summary>The problem without the location.</summary>
    public string Problem { get; } = problem;
}
