using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Agent.Activities.Safety.Audit;

/// <summary>
/// The rules of the chain in one place: the canonical form of a record and its hash. A record's hash covers every field
/// and the previous record's hash, so editing, deleting or reordering a record breaks the chain at that place.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The hash of a record with these fields (lower-case hex SHA-256 of <see cref="Canonical"/>).</summary>
    public static string Hash(long seq, string id, string at, string kind, string actor, string summary, string data, string prevHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(seq, id, at, kind, actor, summary, data, prevHash)));

    /// <summary>The hash <paramref name="record"/> should carry, recomputed from its other fields.</summary>
    public static string Recompute(AuditRecord record) =>
        Hash(record.Seq, record.Id, record.At, record.Kind, record.Actor, record.Summary, record.Data, record.PrevHash);

    /// <summary>
    /// The bytes that are hashed: a JSON array of the fields in a fixed order. An array (not concatenation) so that no
    /// two different records share a form by moving text from one field into the next.
    /// </summary>
    public static byte[] Canonical(long seq, string id, string at, string kind, string actor, string summary, string data, string prevHash)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(seq);
            foreach (var field in new[] { id, at, kind, actor, summary, data, prevHash }) json.WriteStringValue(field);
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }

    /// <summary>Event data as canonical JSON: an object with its keys in ordinal order.</summary>
    public static string CanonicalData(IReadOnlyDictionary<string, string> data)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
