using System.Xml.Linq;

namespace Agent.Activities.Assessment.Node;

/// <summary>
/// node's JUnit report: describe blocks are nested <c>testsuite</c> elements and every testcase carries the
/// placeholder class <c>test</c>, so a test is named by its suites (space-joined) and its title instead.
/// </summary>
internal static class NodeJUnitReport
{
    public static TestReport Parse(string xml)
    {
        var report = JUnitReportParser.Parse(xml);
        var doc = XDocument.Parse(xml);
        // The parser reads testcases in document order, the same order as here: the paths line up one to one.
        var leaves = doc.Descendants("testcase").Where(t => !t.Elements("testcase").Any()).ToList();
        string? PathOf(XElement testCase) =>
            string.Join(' ', testCase.Ancestors("testsuite").Reverse().Select(s => (string?)s.Attribute("name")).Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } p ? p : null;
        var failing = leaves.Where(t => t.Element("failure") is not null || t.Element("error") is not null).ToList();
        var passing = leaves.Where(t => t.Element("failure") is null && t.Element("error") is null && t.Element("skipped") is null).ToList();
        return report with
        {
            FailingTests = [.. report.FailingTests.Select((t, i) => t with { ClassName = PathOf(failing[i]) })],
            PassedTests = [.. passing.Select(t => TestNames.Qualify((string?)t.Attribute("name") ?? "(unnamed)", PathOf(t)))],
        };
    }
}
