namespace Agent.Activities.Claude;

/// <summary>The CLI printed a stdout line that is not a stream-json event.</summary>
public sealed class ClaudeStreamFormatException(int lineNumber, string line, string reason)
    : Exception($"Malformed CLI output on stdout line {lineNumber}: {reason}. Line starts: '{(line.Length > 200 ? line[..200] : line)}'. Check that the CLI version supports --output-format stream-json --verbose.")
{
    /// <summary>The 1-based line number.</summary>
    public int LineNumber { get; } = lineNumber;
}
