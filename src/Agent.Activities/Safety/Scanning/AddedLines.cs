using System.Text.RegularExpressions;

namespace Agent.Activities.Safety.Scanning;

/// <summary>A line a change added: the file (repository-relative), its 1-based line number in the new file, its text.</summary>
public sealed record AddedLine(string Path, int Line, string Text);

/// <summary>
/// Reads the added lines out of a unified diff (<c>git diff</c> output): only <c>+</c> lines inside hunks, so a secret
/// that was already in the base, or is being removed, is not the change's finding.
/// </summary>
public static partial class AddedLines
{
    /// <summary>Every added line of <paramref name="patch"/>, in order.</summary>
    public static IEnumerable<AddedLine> Of(string patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        string? path = null;
        var line = 0;
        var inHunk = false;
        foreach (var raw in patch.Split('\n'))
        {
            var text = raw.TrimEnd('\r');
            if (text.StartsWith("diff --git ", StringComparison.Ordinal)) { path = null; inHunk = false; continue; }
            if (!inHunk && text.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var target = text[4..];
                path = target == "/dev/null" ? null : target.StartsWith("b/", StringComparison.Ordinal) ? target[2..] : target;
                continue;
            }
            if (Hunk().Match(text) is { Success: true } hunk) { line = int.Parse(hunk.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture); inHunk = true; continue; }
            if (!inHunk || path is null) continue;
            if (text.StartsWith('+')) { yield return new AddedLine(path, line, text[1..]); line++; }
            else if (text.StartsWith(' ')) line++;
            // '-' lines and "\ No newline at end of file" do not exist in the new file.
        }
    }

    [GeneratedRegex(@"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")]
    private static partial Regex Hunk();
}
