using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// The compiler diagnostic a known fix is applied to, as the build reported it: its id, the file (relative to the
/// repository root), the 1-based line and the message (which names the symbol, e.g. <c>The variable 'x' is …</c>).
/// </summary>
/// <param name="DiagnosticId">The compiler's id, e.g. <c>CS0219</c>.</param>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The 1-based line the compiler reported.</param>
/// <param name="Message">The compiler's message.</param>
public sealed partial record CodeFixTarget(string DiagnosticId, string File, int Line, string Message)
{
    /// <summary>The first quoted name in the message (<c>'x'</c> → <c>x</c>), or null when it names none.</summary>
    [JsonIgnore]
    public string? QuotedName => QuotedNamePattern().Match(Message) is { Success: true } m ? m.Groups["name"].Value : null;

    [GeneratedRegex(@"'(?<name>@?[\p{L}_][\p{L}\p{Nd}_]*)'")]
    private static partial Regex QuotedNamePattern();
}
