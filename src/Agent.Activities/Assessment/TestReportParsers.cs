using System.Globalization;
using System.Xml.Linq;

namespace Agent.Activities.Assessment;

/// <summary>Counts and failures read from a machine-readable test report.</summary>
public sealed record TestReport(int Passed, int Failed, int Skipped, IReadOnlyList<FailingTest> FailingTests)
{
    /// <summary>The names of the tests that passed, qualified as <see cref="TestNames.Qualify"/> does.</summary>
    public IReadOnlyList<string> PassedTests { get; init; } = [];

    /// <summary>Adds two reports (several test projects, several files).</summary>
    public static TestReport operator +(TestReport a, TestReport b) =>
        new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped, [.. a.FailingTests, .. b.FailingTests]) { PassedTests = [.. a.PassedTests, .. b.PassedTests] };

    /// <summary>No tests.</summary>
    public static TestReport Empty { get; } = new(0, 0, 0, []);
}

/// <summary>Reads Visual Studio TRX files (what <c>dotnet test</c> writes with the trx logger or <c>--report-trx</c>).</summary>
public static class TrxReportParser
{
    /// <summary>Parses one TRX document.</summary>
    /// <exception cref="FormatException">The text is not a TRX document.</exception>
    public static TestReport Parse(string xml)
    {
        var doc = Load(xml);
        XNamespace ns = doc.Root!.Name.Namespace;
        var classes = doc.Descendants(ns + "UnitTest")
            .Select(u => (Id: (string?)u.Attribute("id"), Class: (string?)u.Element(ns + "TestMethod")?.Attribute("className")))
            .Where(u => u.Id is not null)
            .GroupBy(u => u.Id!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Class, StringComparer.Ordinal);
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<FailingTest>();
        var passedNames = new List<string>();
        foreach (var result in doc.Descendants(ns + "UnitTestResult"))
        {
            var outcome = (string?)result.Attribute("outcome") ?? "";
            switch (outcome)
            {
                case "Passed":
                    passed++;
                    var passedId = (string?)result.Attribute("testId");
                    passedNames.Add(TestNames.Qualify((string?)result.Attribute("testName") ?? "(unnamed)", passedId is not null ? classes.GetValueOrDefault(passedId) : null));
                    break;
                case "Failed" or "Error" or "Timeout" or "Aborted":
                    failed++;
                    var error = result.Element(ns + "Output")?.Element(ns + "ErrorInfo");
                    var testId = (string?)result.Attribute("testId");
                    failures.Add(new FailingTest(
                        (string?)result.Attribute("testName") ?? "(unnamed)",
                        testId is not null ? classes.GetValueOrDefault(testId) : null,
                        error?.Element(ns + "Message")?.Value.Trim(),
                        error?.Element(ns + "StackTrace")?.Value.Trim()));
                    break;
                default:
                    skipped++;
                    break;
            }
        }
        return new TestReport(passed, failed, skipped, failures) { PassedTests = passedNames };
    }

    private static XDocument Load(string xml)
    {
        try
        {
            var doc = XDocument.Parse(xml);
            if (doc.Root?.Name.LocalName != "TestRun") throw new FormatException($"Expected a TRX document (root <TestRun>), found <{doc.Root?.Name.LocalName}>.");
            return doc;
        }
        catch (System.Xml.XmlException e)
        {
            throw new FormatException($"The TRX report is not valid XML: {e.Message}", e);
        }
    }
}

/// <summary>Reads JUnit XML (node's <c>--test-reporter=junit</c>, pytest's <c>--junitxml</c>).</summary>
public static class JUnitReportParser
{
    /// <summary>Parses one JUnit document; every <c>testcase</c> counts once.</summary>
    /// <exception cref="FormatException">The text is not XML.</exception>
    public static TestReport Parse(string xml)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException e)
        {
            throw new FormatException($"The JUnit report is not valid XML: {e.Message}", e);
        }
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<FailingTest>();
        var passedNames = new List<string>();
        foreach (var testCase in doc.Descendants("testcase"))
        {
            // Node nests a suite's tests as testcases inside a testcase-less testsuite; a testcase holding testcases is a suite.
            if (testCase.Elements("testcase").Any()) continue;
            var failure = testCase.Element("failure") ?? testCase.Element("error");
            if (failure is not null)
            {
                failed++;
                failures.Add(new FailingTest(
                    (string?)testCase.Attribute("name") ?? "(unnamed)",
                    (string?)testCase.Attribute("classname"),
                    ((string?)failure.Attribute("message"))?.Trim(),
                    failure.Value.Trim() is { Length: > 0 } body ? body : null));
            }
            else if (testCase.Element("skipped") is not null) skipped++;
            else
            {
                passed++;
                passedNames.Add(TestNames.Qualify((string?)testCase.Attribute("name") ?? "(unnamed)", (string?)testCase.Attribute("classname")));
            }
        }
        return new TestReport(passed, failed, skipped, failures) { PassedTests = passedNames };
    }
}

/// <summary>Reads Cobertura coverage (what coverlet writes).</summary>
public static class CoberturaParser
{
    /// <summary>Covered and coverable lines of one report.</summary>
    /// <exception cref="FormatException">The text is not a Cobertura report.</exception>
    public static (long Covered, long Valid) Parse(string xml)
    {
        try
        {
            var root = XDocument.Parse(xml).Root;
            if (root?.Name.LocalName != "coverage") throw new FormatException("Expected a Cobertura report (root <coverage>).");
            return (long.Parse((string?)root.Attribute("lines-covered") ?? "0", CultureInfo.InvariantCulture),
                long.Parse((string?)root.Attribute("lines-valid") ?? "0", CultureInfo.InvariantCulture));
        }
        catch (System.Xml.XmlException e)
        {
            throw new FormatException($"The coverage report is not valid XML: {e.Message}", e);
        }
    }
}
