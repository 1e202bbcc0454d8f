using System.Text.Json;

namespace Agent.Activities.Assessment.Node;

/// <summary>The version of a package installed in a project's <c>node_modules</c>.</summary>
internal static class InstalledVersion
{
    /// <summary>The major version of <paramref name="package"/>, or null when it is not installed or has no readable version.</summary>
    public static int? Major(string root, string package)
    {
        var manifest = Path.Combine(root, "node_modules", package, "package.json");
        if (!File.Exists(manifest)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            return doc.RootElement.TryGetProperty("version", out var v) && v.GetString() is { } text
                && int.TryParse(text.Split('.')[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
