using System.Text.Json;

namespace Agent.Activities.Assessment.Reports;

/// <summary>
/// Reads the JSON report jest writes with <c>--json --outputFile</c>, and vitest's <c>--reporter=json</c>, which keeps
/// jest's shape. A test is named by its describe path (space-joined, as jest's own full names are) and its title.
/// </summary>
public static class JestJsonReportParser
{
    /// <summary>Parses one report. A test file that failed before its tests ran (a syntax error, a failed import) counts as one failing test named by the file.</summary>
    /// <param name="json">The report.</param>
    /// <param name="root">The project root, to make file names relative; null keeps them as written.</param>
    /// <exception cref="FormatException">The text is not such a report.</exception>
    public static TestReport Parse(string json, string? root = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The jest/vitest JSON report is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("testResults", out var files) || files.ValueKind != JsonValueKind.Array)
                throw new FormatException("Expected a jest/vitest JSON report (an object with a 'testResults' array).");
            int passed = 0, failed = 0, skipped = 0;
            var failures = new List<FailingTest>();
            var passedNames = new List<string>();
            foreach (var file in files.EnumerateArray())
            {
                var assertions = file.TryGetProperty("assertionResults", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : [];
                foreach (var test in assertions)
                {
                    var title = String(test, "title") ?? "(unnamed)";
                    var ancestors = test.TryGetProperty("ancestorTitles", out var t) && t.ValueKind == JsonValueKind.Array
                        ? string.Join(' ', t.EnumerateArray().Select(x => x.GetString()).Where(x => !string.IsNullOrEmpty(x)))
                        : "";
                    var className = ancestors.Length > 0 ? ancestors : null;
                    switch (String(test, "status"))
                    {
                        case "passed":
                            passed++;
                            passedNames.Add(TestNames.Qualify(title, className));
                            break;
                        case "failed":
                            failed++;
                            var messages = test.TryGetProperty("failureMessages", out var m) && m.ValueKind == JsonValueKind.Array
                                ? string.Join("\n", m.EnumerateArray().Select(x => x.GetString() ?? ""))
                                : "";
                            failures.Add(new FailingTest(title, className, NodeErrorText.Message(messages), NodeErrorText.Stack(messages)));
                            break;
                        default:
                            skipped++; // pending, skipped, todo, disabled
                            break;
                    }
                }
                // A file whose suite failed to run has a message and no failed test of its own: it is one failure.
                if (String(file, "status") == "failed" && !assertions.Any(x => String(x, "status") == "failed"))
                {
                    var message = String(file, "message") ?? String(file, "failureMessage") ?? "the test file failed to run";
                    failed++;
                    failures.Add(new FailingTest(RelativeName(String(file, "name") ?? "(unnamed file)", root), null, NodeErrorText.Message(message), NodeErrorText.Stack(message)));
                }
            }
            return new TestReport(passed, failed, skipped, failures) { PassedTests = passedNames };
        }
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string RelativeName(string file, string? root)
    {
        if (root is null || !Path.IsPathRooted(file)) return file;
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }
}
