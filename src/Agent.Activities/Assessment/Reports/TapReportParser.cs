using System.Collections;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Agent.Activities.Assessment.Reports;

/// <summary>
/// Reads a Test Anything Protocol stream (TAP 13 and 14: what <c>ava --tap</c>, tape and <c>node --test
/// --test-reporter=tap</c> write). Only leaf test points count: a TAP 14 test point that closes an indented subtest
/// block is a suite, and names its children (space-joined, like a describe path). A failure's message and stack come
/// from its YAML diagnostics block (<c>message</c>/<c>error</c>, <c>details</c>/<c>expected</c>/<c>actual</c>,
/// <c>stack</c>/<c>at</c>). Lines that are not TAP (a script's banner, console output) are ignored.
/// </summary>
public static partial class TapReportParser
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    /// <summary>Parses a TAP stream.</summary>
    /// <exception cref="FormatException">The text holds no test point and no plan.</exception>
    public static TestReport Parse(string tap)
    {
        var lines = tap.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<FailingTest>();
        var passedNames = new List<string>();
        var announced = new SortedDictionary<int, string>(); // indent → the subtest announced there ("# Subtest: name")
        var previousPointIndent = -1; // a point right after a deeper one closes that subtest block: it is a suite
        var sawTap = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = line.Length - line.TrimStart(' ').Length;
            var text = line.Trim();
            if (SubtestLine().Match(text) is { Success: true } subtest)
            {
                announced[indent] = subtest.Groups["name"].Value.Trim();
                continue;
            }
            if (PlanLine().IsMatch(text) || text.StartsWith("TAP version", StringComparison.Ordinal))
            {
                sawTap = true;
                continue;
            }
            if (text.StartsWith("Bail out!", StringComparison.Ordinal))
            {
                sawTap = true;
                failed++;
                failures.Add(new FailingTest("Bail out!", null, text["Bail out!".Length..].Trim() is { Length: > 0 } reason ? reason : "the run stopped early", null));
                continue;
            }
            var point = TestPoint().Match(text);
            if (!point.Success) continue;
            sawTap = true;
            var yaml = ReadYamlBlock(lines, ref i, indent);
            var isSuite = previousPointIndent > indent;
            previousPointIndent = indent;
            var path = string.Join(' ', announced.Where(a => a.Key < indent).Select(a => a.Value));
            foreach (var key in announced.Keys.Where(k => k >= indent).ToList()) announced.Remove(key);
            if (isSuite) continue;

            var name = Unescape(point.Groups["description"].Value.Trim());
            if (name.Length == 0) name = $"test {point.Groups["number"].Value}".Trim();
            var className = path.Length > 0 ? path : null;
            var directive = point.Groups["directive"].Value.ToUpperInvariant();
            var ok = point.Groups["not"].Length == 0;
            if (directive.StartsWith("SKIP", StringComparison.Ordinal) || directive.StartsWith("TODO", StringComparison.Ordinal)) skipped++;
            else if (ok)
            {
                passed++;
                passedNames.Add(TestNames.Qualify(name, className));
            }
            else
            {
                failed++;
                var (message, stack) = Diagnostics(yaml);
                failures.Add(new FailingTest(name, className, message, stack));
            }
        }
        if (!sawTap) throw new FormatException("The output holds no TAP: no plan (1..N) and no 'ok'/'not ok' test line.");
        return new TestReport(passed, failed, skipped, failures) { PassedTests = passedNames };
    }

    // The YAML block belongs to the test point above it: "---" two spaces deeper, up to "...".
    private static string? ReadYamlBlock(string[] lines, ref int i, int indent)
    {
        if (i + 1 >= lines.Length || lines[i + 1].Trim() != "---" || Indent(lines[i + 1]) <= indent) return null;
        var blockIndent = Indent(lines[i + 1]);
        var body = new StringBuilder();
        var j = i + 2;
        for (; j < lines.Length; j++)
        {
            if (lines[j].Trim() == "..." && Indent(lines[j]) == blockIndent) break;
            body.AppendLine(lines[j].Length >= blockIndent ? lines[j][blockIndent..] : lines[j].TrimStart());
        }
        i = Math.Min(j, lines.Length - 1);
        return body.ToString();
    }

    private static (string? Message, string? Stack) Diagnostics(string? yaml)
    {
        if (yaml is null) return (null, null);
        IDictionary? map;
        try
        {
            map = Yaml.Deserialize<object>(yaml) as IDictionary;
        }
        catch (YamlException)
        {
            return (yaml.Trim(), null); // unreadable diagnostics are still the best message there is
        }
        if (map is null) return (yaml.Trim(), null);
        string? Get(string key) => map.Contains(key) ? Render(map[key]) : null;
        var parts = new List<string>();
        if (Get("message") is { Length: > 0 } message) parts.Add(message);
        else if (Get("error") is { Length: > 0 } error) parts.Add(error);
        else if (Get("assertion") is { Length: > 0 } assertion) parts.Add($"{assertion} failed");
        else if (Get("name") is { Length: > 0 } errorName) parts.Add(errorName);
        if (map.Contains("details") && map["details"] is IDictionary details)
        {
            foreach (DictionaryEntry entry in details) parts.Add($"{entry.Key}\n{Render(entry.Value)}");
        }
        if (Get("expected") is { } expected && Get("actual") is { } actual) parts.Add($"expected: {expected}\nactual: {actual}");
        return (parts.Count > 0 ? string.Join("\n", parts) : null, Get("stack") ?? Get("at"));
    }

    private static string? Render(object? value) => value switch
    {
        null => null,
        string s => s.Trim(),
        IDictionary d => string.Join("\n", d.Cast<DictionaryEntry>().Select(e => $"{e.Key}: {Render(e.Value)}")),
        IEnumerable list => string.Join("\n", list.Cast<object?>().Select(Render)),
        _ => value.ToString(),
    };

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Unescape(string text) => text.Replace("\\#", "#", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    // "ok 1 - title # SKIP reason": the directive starts at an unescaped '#'.
    [GeneratedRegex(@"^(?<not>not )?ok\b(\s+(?<number>\d+))?(\s*-)?\s*(?<description>(\\#|[^#])*?)\s*(#\s*(?<directive>(SKIP|TODO)\S*.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex TestPoint();

    [GeneratedRegex(@"^\d+\.\.\d+(\s*#.*)?$")]
    private static partial Regex PlanLine();

    [GeneratedRegex(@"^#\s*Subtest:\s*(?<name>.*)$")]
    private static partial Regex SubtestLine();
}
