using Agent.Activities.Assessment;

namespace Agent.Activities.Tests.Assessment;

[TestClass]
public sealed class ReportParserTests
{
    private const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testId="t1" testName="Adds" outcome="Passed" />
            <UnitTestResult testId="t2" testName="Divides" outcome="Failed">
              <Output><ErrorInfo><Message>Expected 2, got 3</Message><StackTrace>at Calc.Tests.CalcTests.Divides() in /r/tests/CalcTests.cs:line 9</StackTrace></ErrorInfo></Output>
            </UnitTestResult>
            <UnitTestResult testId="t3" testName="Later" outcome="NotExecuted" />
          </Results>
          <TestDefinitions>
            <UnitTest id="t1" name="Adds"><TestMethod className="Calc.Tests.CalcTests" name="Adds" /></UnitTest>
            <UnitTest id="t2" name="Divides"><TestMethod className="Calc.Tests.CalcTests" name="Divides" /></UnitTest>
          </TestDefinitions>
        </TestRun>
        """;

    [TestMethod]
    public void A_TRX_report_gives_counts_and_the_failing_test_with_its_class_message_and_stack()
    {
        var report = TrxReportParser.Parse(Trx);

        Assert.AreEqual((1, 1, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.AreEqual(new FailingTest("Divides", "Calc.Tests.CalcTests", "Expected 2, got 3", "at Calc.Tests.CalcTests.Divides() in /r/tests/CalcTests.cs:line 9"), report.FailingTests.Single());
        CollectionAssert.AreEqual(new[] { "Calc.Tests.CalcTests.Adds" }, report.PassedTests.ToArray(), "passing tests are named as failing ones are");
    }

    [TestMethod]
    public void Text_that_is_not_TRX_is_a_format_error()
    {
        Assert.ThrowsExactly<FormatException>(() => TrxReportParser.Parse("<testsuites/>"));
        Assert.ThrowsExactly<FormatException>(() => TrxReportParser.Parse("not xml"));
    }

    [TestMethod]
    public void A_JUnit_report_counts_testcases_and_reads_failures_errors_and_skips()
    {
        var report = JUnitReportParser.Parse("""
            <testsuites>
              <testsuite name="suite">
                <testcase name="ok" classname="a" />
                <testcase name="bad" classname="a"><failure message="boom">trace here</failure></testcase>
                <testcase name="crash" classname="b"><error message="oops" /></testcase>
                <testcase name="later" classname="b"><skipped /></testcase>
              </testsuite>
            </testsuites>
            """);

        Assert.AreEqual((1, 2, 1), (report.Passed, report.Failed, report.Skipped));
        Assert.AreEqual(new FailingTest("bad", "a", "boom", "trace here"), report.FailingTests[0]);
        Assert.AreEqual(new FailingTest("crash", "b", "oops", null), report.FailingTests[1]);
        CollectionAssert.AreEqual(new[] { "a.ok" }, report.PassedTests.ToArray());
    }

    [TestMethod]
    public void Build_output_gives_distinct_warnings_and_errors_with_relative_files()
    {
        const string output = """
            /r/src/A.cs(15,13): warning CS0219: The variable 'x' is assigned but its value is never used [/r/src/A.csproj]
            /r/src/A.cs(15,13): warning CS0219: The variable 'x' is assigned but its value is never used [/r/src/A.csproj]
            /r/src/B.cs(3,1): error CS1002: ; expected [/r/src/A.csproj]
            CSC : warning CS8032: An instance of analyzer cannot be created [/r/src/A.csproj]
              A -> /r/src/bin/A.dll
            """;

        var diagnostics = DotnetBuildMeasurer.Parse(output, "/r");

        Assert.HasCount(3, diagnostics);
        Assert.AreEqual(new BuildDiagnostic("warning", "CS0219", "The variable 'x' is assigned but its value is never used", "src/A.cs", 15), diagnostics[0]);
        Assert.AreEqual(new BuildDiagnostic("error", "CS1002", "; expected", "src/B.cs", 3), diagnostics[1]);
        Assert.AreEqual(("warning", "CS8032", null), (diagnostics[2].Severity, diagnostics[2].Code, diagnostics[2].Line));
    }

    [TestMethod]
    public void A_Cobertura_report_gives_covered_and_coverable_lines()
    {
        Assert.AreEqual((40L, 50L), CoberturaParser.Parse("""<coverage line-rate="0.8" lines-covered="40" lines-valid="50"></coverage>"""));
        Assert.ThrowsExactly<FormatException>(() => CoberturaParser.Parse("<TestRun/>"));
    }
}
