using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agent.Activities.Assessment.Reports;

/// <summary>
/// Reads mocha's reports: the <c>json</c> reporter (mocha 10 and later write it to a file with
/// <c>--reporter-options output=…</c>) and the <c>xunit</c> reporter (every mocha version). A test is named by its
/// describe path (space-joined, mocha's own full title) and its title.
/// </summary>
public static partial class MochaReportParser
{
    /// <summary>Parses the json reporter's document (its <c>passes</c>, <c>failures</c> and <c>pending</c> lists).</summary>
    /// <exception cref="FormatException">The text is not such a report.</exception>
    public static TestReport ParseJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("passes", out var passes) || !root.TryGetProperty("failures", out var failures))
                throw new FormatException("Expected mocha's JSON report (an object with 'passes' and 'failures').");
            var pending = root.TryGetProperty("pending", out var p) && p.ValueKind == JsonValueKind.Array ? p.GetArrayLength() : 0;
            var passedNames = passes.EnumerateArray().Select(t => { var (name, cls) = Name(t); return TestNames.Qualify(name, cls); }).ToList();
            var failing = failures.EnumerateArray().Select(t =>
            {
                var (name, cls) = Name(t);
                var err = t.TryGetProperty("err", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
                var message = err.ValueKind == JsonValueKind.Object && err.TryGetProperty("message", out var m) ? m.GetString() : null;
                var stack = err.ValueKind == JsonValueKind.Object && err.TryGetProperty("stack", out var s) ? s.GetString() : null;
                return new FailingTest(name, cls, string.IsNullOrWhiteSpace(message) ? NodeErrorText.Message(stack) : message.Trim(), NodeErrorText.Stack(stack) ?? stack);
            }).ToList();
            return new TestReport(passedNames.Count, failing.Count, pending, failing) { PassedTests = passedNames };
        }
        catch (JsonException e)
        {
            throw new FormatException($"The mocha JSON report is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"The mocha JSON report has an unexpected shape: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses the xunit reporter's XML: <c>classname</c> is the describe path, <c>name</c> the title; a failure has no
    /// message attribute, so its text is split into the message (with the diff) and the stack.
    /// </summary>
    /// <exception cref="FormatException">The text is not XML.</exception>
    public static TestReport ParseXunit(string xml)
    {
        var report = JUnitReportParser.Parse(xml);
        var failing = report.FailingTests.Select(t =>
        {
            var body = t.StackTrace ?? "";
            var header = ErrorHeader().Match(body);
            var message = (header.Success && header.Index > 0 ? body[..header.Index] : NodeErrorText.Message(body) ?? "").Trim();
            var stack = header.Success ? body[header.Index..].Trim() : NodeErrorText.Stack(body);
            return t with { ClassName = string.IsNullOrEmpty(t.ClassName) ? null : t.ClassName, Message = t.Message ?? (message.Length > 0 ? message : null), StackTrace = stack };
        }).ToList();
        return report with { FailingTests = failing };
    }

    private static (string Name, string? ClassName) Name(JsonElement test)
    {
        var title = test.TryGetProperty("title", out var t) ? t.GetString() ?? "(unnamed)" : "(unnamed)";
        var full = test.TryGetProperty("fullTitle", out var f) ? f.GetString() ?? title : title;
        // fullTitle is "<describe path> <title>": what precedes the title is the path.
        var path = full.EndsWith(title, StringComparison.Ordinal) ? full[..^title.Length].TrimEnd() : "";
        return (title, path.Length > 0 ? path : null);
    }

    // The line where mocha's xunit reporter starts the error's own stack: "AssertionError [ERR_ASSERTION]: …" at a line start.
    [GeneratedRegex(@"^([A-Za-z_$][\w$]*)?(Error|Exception)(\s\[[A-Z_]+\])?:", RegexOptions.Multiline)]
    private static partial Regex ErrorHeader();
}
