namespace Agent.Workflows.Expressions;

/// <summary>Formats expression text for error messages.</summary>
internal static class ExpressionText
{
    /// <summary>Long enough to recognise an expression, short enough to keep a log line readable.</summary>
    public const int MaxLength = 200;

    /// <summary>The expression on one line, cut to <see cref="MaxLength"/> characters.</summary>
    public static string Shorten(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= MaxLength ? oneLine : oneLine[..MaxLength] + "…";
    }
}
