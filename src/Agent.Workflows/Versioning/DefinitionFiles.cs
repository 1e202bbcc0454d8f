using System.Text;
using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>File naming, listing and writing for exported definitions.</summary>
internal static class DefinitionFiles
{
    /// <summary>The definition files of a folder, in a stable order; none when the folder does not exist.</summary>
    public static IReadOnlyList<string> List(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary><c>{definitionId}.json</c> with characters that are unsafe in file names replaced.</summary>
    public static string FileName(string definitionId)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new StringBuilder(definitionId.Length + 5);
        foreach (var c in definitionId) name.Append(Array.IndexOf(invalid, c) >= 0 || c == '\\' ? '_' : c);
        return name.Append(".json").ToString();
    }

    /// <summary>Writes through a temporary file and a rename, so a reader (or a crash) never sees half a file.</summary>
    public static async Task WriteAsync(string path, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, definition, WorkflowJson.Indented, cancellationToken).ConfigureAwait(false);
        }
        File.Move(temp, path, overwrite: true);
    }
}
