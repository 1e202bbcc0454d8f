namespace Agent.Activities.Learning.Errors;

/// <summary>An error as it was seen: the raw text (message and stack) and where it came from.</summary>
/// <param name="Text">The raw error text, e.g. a compiler line, an exception with its stack, a failing check's output.</param>
/// <param name="Source">Where it came from: <c>build</c>, <c>test</c>, <c>cli</c>, <c>activity</c>…</param>
/// <param name="Kind">The error kind when the caller knows it; otherwise it is read from the text.</param>
public sealed record ErrorObservation(string Text, string Source = "activity", string? Kind = null);

/// <summary>An error reduced to what stays the same between occurrences.</summary>
/// <param name="Kind">Compiler code (<c>CS0103</c>), exception type, or <c>error</c>.</param>
/// <param name="Message">The headline with paths, numbers, GUIDs, timestamps and hex masked.</param>
/// <param name="Frames">Up to three top stack frames, masked the same way.</param>
/// <param name="Terms">Distinct lower-case words of kind and message: what the full-text index and the overlap score use.</param>
public sealed record NormalizedError(string Kind, string Message, IReadOnlyList<string> Frames, IReadOnlyList<string> Terms)
{
    /// <summary>The signature errors are stored under: kind, message and frames, one per line.</summary>
    public string Signature => Frames.Count == 0 ? $"{Kind}\n{Message}" : $"{Kind}\n{Message}\n{string.Join('\n', Frames)}";
}
