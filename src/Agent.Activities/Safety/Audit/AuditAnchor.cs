using System.Text.Json;

namespace Agent.Activities.Safety.Audit;

/// <summary>The last record written, kept outside the database: a chain alone cannot show that its tail was cut off.</summary>
/// <param name="Seq">The seq of the last record appended.</param>
/// <param name="Hash">Its hash.</param>
public sealed record AuditAnchor(long Seq, string Hash)
{
    /// <summary>The anchor stored at <paramref name="path"/>, or null when there is none yet.</summary>
    /// <exception cref="AuditAnchorException">The file exists but is not an anchor.</exception>
    public static async Task<AuditAnchor?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return null;
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<AuditAnchor>(text, JsonSerializerOptions.Web) is { Seq: > 0, Hash.Length: 64 } anchor
                ? anchor
                : throw new AuditAnchorException($"The audit anchor {path} does not hold a seq and a 64-character hash; it was edited. Compare it with a backup before trusting the log.");
        }
        catch (JsonException e)
        {
            throw new AuditAnchorException($"The audit anchor {path} is not JSON ({e.Message}); it was edited or damaged. Compare it with a backup before trusting the log.", e);
        }
    }

    /// <summary>Replaces the anchor at <paramref name="path"/> atomically (a temporary file renamed over it).</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(this, JsonSerializerOptions.Web), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The audit anchor file exists but cannot be read as an anchor.</summary>
public sealed class AuditAnchorException(string message, Exception? inner = null) : Exception(message, inner);
