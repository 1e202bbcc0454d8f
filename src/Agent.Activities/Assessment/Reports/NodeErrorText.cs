using System.Text.RegularExpressions;

namespace Agent.Activities.Assessment.Reports;

/// <summary>Splits a JavaScript error text (<c>Error: message\n    at frame…</c>) into its message and its stack.</summary>
internal static partial class NodeErrorText
{
    /// <summary>The text before the first stack frame, without a leading <c>Error:</c>-style name; null when empty.</summary>
    public static string? Message(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var frame = FirstFrame().Match(text);
        var head = (frame.Success ? text[..frame.Index] : text).Trim();
        head = ErrorName().Replace(head, "", 1).Trim();
        return head.Length > 0 ? head : text.Trim();
    }

    /// <summary>The stack frames (from the first <c>at …</c> line), or null when there are none.</summary>
    public static string? Stack(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var frame = FirstFrame().Match(text);
        return frame.Success ? text[frame.Index..].Trim() : null;
    }

    [GeneratedRegex(@"^\s+at\s", RegexOptions.Multiline)]
    private static partial Regex FirstFrame();

    // "Error: ", "AssertionError [ERR_ASSERTION]: ", "TypeError: " at the very start.
    [GeneratedRegex(@"^([A-Za-z_$][\w$]*)?(Error|Exception)(\s\[[A-Z_]+\])?:\s")]
    private static partial Regex ErrorName();
}
