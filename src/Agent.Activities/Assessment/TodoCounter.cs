using System.Text.RegularExpressions;
using Agent.Activities.Goals;

namespace Agent.Activities.Assessment;

/// <summary>
/// Counts <c>TODO</c> and <c>FIXME</c> markers (whole words, upper case) in the repository's text files. Binary files
/// (with a NUL byte) and the goals file, which names the markers in its titles, are skipped.
/// </summary>
public sealed partial class TodoCounter
{
    private const int MaxFileBytes = 2 * 1024 * 1024;

    /// <summary>Every marker; the count is the list's length.</summary>
    public async Task<IReadOnlyList<TodoMarker>> FindAsync(string root, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var markers = new List<TodoMarker>();
        foreach (var file in files)
        {
            if (string.Equals(file, GoalTree.FileName, StringComparison.Ordinal)) continue;
            var path = Path.Combine(root, file);
            if (new FileInfo(path).Length > MaxFileBytes) continue;
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            if (Array.IndexOf(bytes, (byte)0) >= 0) continue;
            var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var count = Marker().Count(lines[i]);
                for (var k = 0; k < count; k++) markers.Add(new TodoMarker(file, i + 1, lines[i].Trim()));
            }
        }
        return markers;
    }

    [GeneratedRegex(@"\b(TODO|FIXME)\b")]
    private static partial Regex Marker();
}
