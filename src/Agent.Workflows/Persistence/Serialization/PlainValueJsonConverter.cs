using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Persistence.Serialization;

/// <summary>
/// Reads and writes <see cref="object"/>-typed values as plain CLR values: null, <see cref="bool"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="string"/>, <see cref="List{T}"/> of object and <see cref="Dictionary{TKey,TValue}"/>
/// of string to object. Without it System.Text.Json hands back <see cref="JsonElement"/>s, which the engine and
/// expressions would have to special-case everywhere.
/// </summary>
/// <remarks>
/// Integral doubles are written with a fraction (<c>2.0</c>) so that they come back as <see cref="double"/> rather
/// than <see cref="long"/>: a variable keeps its type across a restart.
/// </remarks>
public sealed class PlainValueJsonConverter : JsonConverter<object?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => ReadNumber(ref reader),
            JsonTokenType.StartArray => ReadArray(ref reader, options),
            JsonTokenType.StartObject => ReadObject(ref reader, options),
            _ => throw new JsonException($"Unexpected JSON token {reader.TokenType} for a plain value."),
        };

    private static object ReadNumber(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var looksIntegral = raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        if (looksIntegral && reader.TryGetInt64(out var l)) return l;
        return reader.GetDouble();
    }

    private List<object?> ReadArray(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var list = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(Read(ref reader, typeof(object), options));
        return list;
    }

    private Dictionary<string, object?> ReadObject(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            map[name] = Read(ref reader, typeof(object), options);
        }
        return map;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: WriteDouble(writer, d); break;
            case float f: WriteDouble(writer, f); break;
            case JsonElement e: e.WriteTo(writer); break;
            case Type t:
                // The runtime type of an `object` that is really `object` would recurse into this converter.
                throw new JsonException($"A System.Type ({t}) is not a plain value and cannot be stored.");
            default:
                if (value.GetType() == typeof(object)) { writer.WriteStartObject(); writer.WriteEndObject(); }
                else JsonSerializer.Serialize(writer, value, value.GetType(), options);
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            // JSON has no literal for these; a string keeps the information instead of failing the whole commit.
            writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
        }
        else if (d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            writer.WriteRawValue(d.ToString("0.0", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            writer.WriteNumberValue(d);
        }
    }
}
