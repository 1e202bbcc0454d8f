using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>
/// Elsa's scope-independent helper functions. Where Elsa hands scripts a CLR object (a <c>Guid</c>, a
/// <c>byte[]</c>), these return the plain JavaScript equivalent: GUIDs are strings and bytes are arrays of numbers.
/// </summary>
internal static class HelperFunctions
{
    // Elsa's toJson writes compact JSON and escapes only what JSON and HTML require, keeping non-ASCII text.
    private static readonly JsonSerializerOptions ToJsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The names installed by <see cref="Install"/>.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "isNullOrWhiteSpace", "isNullOrEmpty", "toJson", "parseGuid", "newGuid", "newGuidString", "newShortGuid",
        "getGuidString", "getShortGuid", "stringToBase64", "stringFromBase64", "bytesToString", "bytesFromString",
        "bytesToBase64", "bytesFromBase64",
    ];

    /// <summary>Installs the helpers as lazy globals.</summary>
    public static void Install(Engine engine)
    {
        HostFunction.AddLazy(engine, "isNullOrWhiteSpace", (_, a) => string.IsNullOrWhiteSpace(a.ArgText(0)), 1);
        HostFunction.AddLazy(engine, "isNullOrEmpty", (_, a) => string.IsNullOrEmpty(a.ArgText(0)), 1);
        HostFunction.AddLazy(engine, "toJson", (_, a) => JsonSerializer.Serialize(JsMarshaller.ToPlain(a.Arg(0)), ToJsonOptions), 1);
        HostFunction.AddLazy(engine, "parseGuid", (_, a) => ParseGuid(a.RequireText(0, "value")), 1);
        HostFunction.AddLazy(engine, "newGuid", (_, _) => Guid.NewGuid().ToString("D"));
        HostFunction.AddLazy(engine, "newGuidString", (_, _) => Guid.NewGuid().ToString("D"));
        HostFunction.AddLazy(engine, "newShortGuid", (_, _) => ShortGuid());
        // Elsa keeps these two as deprecated aliases of newGuidString and newShortGuid.
        HostFunction.AddLazy(engine, "getGuidString", (_, _) => Guid.NewGuid().ToString("D"));
        HostFunction.AddLazy(engine, "getShortGuid", (_, _) => ShortGuid());
        HostFunction.AddLazy(engine, "stringToBase64", (_, a) => Convert.ToBase64String(Encoding.UTF8.GetBytes(a.RequireText(0, "value"))), 1);
        HostFunction.AddLazy(engine, "stringFromBase64", (_, a) => Encoding.UTF8.GetString(FromBase64(a.RequireText(0, "value"))), 1);
        HostFunction.AddLazy(engine, "bytesToString", (_, a) => Encoding.UTF8.GetString(ReadBytes(a.Arg(0))), 1);
        HostFunction.AddLazy(engine, "bytesFromString", (e, a) => ToJsBytes(e, Encoding.UTF8.GetBytes(a.RequireText(0, "value"))), 1);
        HostFunction.AddLazy(engine, "bytesToBase64", (_, a) => Convert.ToBase64String(ReadBytes(a.Arg(0))), 1);
        HostFunction.AddLazy(engine, "bytesFromBase64", (e, a) => ToJsBytes(e, FromBase64(a.RequireText(0, "value"))), 1);
    }

    private static string ParseGuid(string text) =>
        Guid.TryParse(text.Trim(), out var guid) ? guid.ToString("D") : throw new FormatException($"'{text}' is not a GUID");

    private static string ShortGuid()
    {
        // The same 22-character form as Elsa: base64 of the bytes without '/', '+' and '=' characters.
        var base64 = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        return base64.Replace("/", "", StringComparison.Ordinal).Replace("+", "", StringComparison.Ordinal).Replace("=", "", StringComparison.Ordinal);
    }

    private static byte[] FromBase64(string text)
    {
        try { return Convert.FromBase64String(text.Trim()); }
        catch (FormatException) { throw new FormatException("the value is not valid base64"); }
    }

    private static JsValue ToJsBytes(Engine engine, byte[] bytes)
    {
        var items = new JsValue[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) items[i] = JsNumber.Create(bytes[i]);
        return new JsArray(engine, items);
    }

    /// <summary>Reads an array or typed array of numbers 0–255.</summary>
    private static byte[] ReadBytes(JsValue value)
    {
        if (value is not ObjectInstance array) throw new ArgumentException("expected an array of bytes");
        var length = JsMarshaller.ReadLength(array);
        var bytes = new byte[length];
        for (uint i = 0; i < length; i++)
        {
            var item = TypeConverter.ToNumber(array.Get(i));
            if (item is < 0 or > 255 || item != Math.Floor(item)) throw new ArgumentException($"item [{i}] is not a byte: {item}");
            bytes[i] = (byte)item;
        }
        return bytes;
    }
}
