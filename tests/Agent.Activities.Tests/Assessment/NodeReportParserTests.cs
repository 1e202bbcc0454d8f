using Agent.Activities.Assessment;
using Agent.Activities.Assessment.Reports;

namespace Agent.Activities.Tests.Assessment;

/// <summary>The JavaScript runners' reports, from files the real runners wrote (jest 30, vitest 3, mocha 12, ava 7, node 20).</summary>
[TestClass]
public sealed class NodeReportParserTests
{
    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(AgentRepository.Root, "tests", "Agent.Activities.Tests", "Assessment", "Reports", name));

    [TestMethod]
    public void Jest_s_json_report_names_tests_by_describe_path_and_title()
    {
        var report = JestJsonReportParser.Parse(Sample("jest-report.json"), "/home/dev/project/jest");

        Assert.AreEqual((2, 1, 0), (report.Passed, report.Failed, report.Skipped));
        CollectionAssert.AreEqual(new[] { "math.adds", "top level" }, report.PassedTests.ToList());
        var failing = report.FailingTests.Single();
        Assert.AreEqual(("subtracts", "math"), (failing.Name, failing.ClassName));
        Assert.AreEqual("math.subtracts", TestNames.Of(failing));
        Assert.StartsWith("expect(received).toBe(expected)", failing.Message!);
        Assert.Contains("Received: 1", failing.Message!);
        Assert.StartsWith("at Object.toBe (/home/dev/project/jest/math.test.js:3:43)", failing.StackTrace!);
    }

    [TestMethod]
    public void Vitest_s_json_report_reads_like_jest_s()
    {
        var report = JestJsonReportParser.Parse(Sample("vitest-report.json"));

        Assert.AreEqual((2, 1), (report.Passed, report.Failed));
        CollectionAssert.AreEqual(new[] { "math.adds", "top level" }, report.PassedTests.ToList());
        var failing = report.FailingTests.Single();
        Assert.AreEqual("math.subtracts", TestNames.Of(failing));
        Assert.AreEqual("expected 1 to be 5 // Object.is equality", failing.Message);
        Assert.Contains("math.test.js:4:43", failing.StackTrace!);
    }

    [TestMethod]
    public void A_test_file_that_failed_to_load_is_one_failure_named_by_the_file()
    {
        const string json = """
            {"numFailedTests":0,"testResults":[{"assertionResults":[],"name":"/repo/test/broken.test.js","status":"failed",
             "message":"Test suite failed to run\n\n    Cannot find module './missing' from 'test/broken.test.js'\n\n      at Resolver._throwModNotFoundError (node_modules/jest-resolve/build/index.js:1:1)"}]}
            """;

        var report = JestJsonReportParser.Parse(json, "/repo");

        var failing = report.FailingTests.Single();
        Assert.AreEqual("test/broken.test.js", failing.Name);
        Assert.IsNull(failing.ClassName);
        Assert.Contains("Cannot find module './missing'", failing.Message!);
        Assert.AreEqual(1, report.Failed);
    }

    [TestMethod]
    public void Text_that_is_not_a_jest_report_is_refused_with_what_was_expected()
    {
        var error = Assert.ThrowsExactly<FormatException>(() => JestJsonReportParser.Parse("{\"stats\":{}}"));
        Assert.Contains("testResults", error.Message);
        Assert.ThrowsExactly<FormatException>(() => JestJsonReportParser.Parse("not json"));
    }

    [TestMethod]
    public void Mocha_s_json_report_gives_the_describe_path_the_message_and_the_stack_apart()
    {
        var report = MochaReportParser.ParseJson(Sample("mocha-report.json"));

        Assert.AreEqual((2, 1, 0), (report.Passed, report.Failed, report.Skipped));
        CollectionAssert.AreEquivalent(new[] { "top level", "math.adds" }, report.PassedTests.ToList());
        var failing = report.FailingTests.Single();
        Assert.AreEqual(("subtracts", "math"), (failing.Name, failing.ClassName));
        Assert.AreEqual("Expected values to be strictly equal:\n\n1 !== 5", failing.Message);
        Assert.StartsWith("at Context.<anonymous> (test/math.test.js:4:34)", failing.StackTrace!);
    }

    [TestMethod]
    public void Mocha_s_xunit_report_splits_the_failure_text_into_message_and_stack()
    {
        var report = MochaReportParser.ParseXunit(Sample("mocha-xunit.xml"));

        Assert.AreEqual((2, 1), (report.Passed, report.Failed));
        CollectionAssert.AreEquivalent(new[] { "top level", "math.adds" }, report.PassedTests.ToList());
        var failing = report.FailingTests.Single();
        Assert.AreEqual("math.subtracts", TestNames.Of(failing));
        Assert.StartsWith("Expected values to be strictly equal:", failing.Message!);
        Assert.Contains("1 !== 5", failing.Message!);
        Assert.StartsWith("AssertionError [ERR_ASSERTION]", failing.StackTrace!);
    }

    [TestMethod]
    public void Ava_s_tap_gives_the_assertion_and_its_difference_as_the_message()
    {
        var report = TapReportParser.Parse(Sample("ava.tap"));

        Assert.AreEqual((1, 1, 0), (report.Passed, report.Failed, report.Skipped));
        CollectionAssert.AreEqual(new[] { "adds" }, report.PassedTests.ToList());
        var failing = report.FailingTests.Single();
        Assert.AreEqual(("subtracts", null), (failing.Name, failing.ClassName));
        Assert.StartsWith("t.is() failed", failing.Message!);
        Assert.Contains("- 1\n+ 5", failing.Message!);
        Assert.Contains("assert.js:309:16", failing.StackTrace!);
    }

    [TestMethod]
    public void Tap_14_subtests_count_only_their_leaves_named_by_their_suites()
    {
        var report = TapReportParser.Parse(Sample("node-tap14.tap"));

        Assert.AreEqual((2, 1), (report.Passed, report.Failed), "math and inner are suites, not tests");
        CollectionAssert.AreEqual(new[] { "math.adds", "top level" }, report.PassedTests.ToList());
        var failing = report.FailingTests.Single();
        Assert.AreEqual(("subtracts", "math inner"), (failing.Name, failing.ClassName));
        Assert.StartsWith("1 == 5", failing.Message!);
        Assert.Contains("expected: 5\nactual: 1", failing.Message!);
        Assert.Contains("a.test.js:3:119", failing.StackTrace!);
    }

    [TestMethod]
    public void Tap_directives_escapes_banners_and_bail_outs()
    {
        const string tap = """

            > project@1.0.0 test
            > tape test/*.js

            TAP version 14
            ok 1 - parses \# hashes
            ok 2 - later # SKIP not on this platform
            not ok 3 - unfinished # TODO write it
            not ok 4 - rejects bad input
              ---
              operator: equal
              expected: 'error'
              actual: 'ok'
              at: Test.<anonymous> (/repo/test/input.js:9:5)
              ...
            Bail out! database unreachable
            """;

        var report = TapReportParser.Parse(tap);

        Assert.AreEqual((1, 2, 2), (report.Passed, report.Failed, report.Skipped));
        CollectionAssert.AreEqual(new[] { "parses # hashes" }, report.PassedTests.ToList());
        Assert.AreEqual("rejects bad input", report.FailingTests[0].Name);
        Assert.Contains("expected: error\nactual: ok", report.FailingTests[0].Message!);
        Assert.AreEqual("Test.<anonymous> (/repo/test/input.js:9:5)", report.FailingTests[0].StackTrace);
        Assert.AreEqual(("Bail out!", "database unreachable"), (report.FailingTests[1].Name, report.FailingTests[1].Message));
    }

    [TestMethod]
    public void Output_without_tap_is_refused()
    {
        var error = Assert.ThrowsExactly<FormatException>(() => TapReportParser.Parse("✔ adds\n✘ subtracts\n"));
        Assert.Contains("no TAP", error.Message);
    }
}
