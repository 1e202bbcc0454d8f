using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Assessment;

/// <summary>
/// Real JavaScript projects, each with one passing and one failing test, installed from the npm registry by the
/// assessment itself (cached in <see cref="TargetProject.DependencyCache"/>) and measured with the real runner.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class NodeRunnerAssessmentTests
{
    // Exact versions, so every test run installs the same packages and reuses the cached installation.
    private const string Jest = "30.5.2";
    private const string Vitest = "3.2.7";
    private const string Mocha = "12.0.3";
    private const string Ava = "7.0.0";

    public TestContext TestContext { get; set; } = null!;

    private static string Package(string test, string devDependency, string version, string extra = "") =>
        $$"""{ "name": "sample", "version": "1.0.0", "private": true{{extra}}, "scripts": { "test": "{{test}}" }, "devDependencies": { "{{devDependency}}": "{{version}}" } }""";

    [TestMethod]
    public async Task A_jest_project_is_installed_and_read_from_jest_s_json_report_through_npm_test()
    {
        using var project = TargetProject.Create("jest-sample", new Dictionary<string, string>
        {
            ["package.json"] = Package("jest", "jest", Jest),
            ["math.test.js"] = """
                describe('math', () => {
                  test('adds', () => { expect(1 + 1).toBe(2); });
                  test('subtracts', () => { expect(2 - 1).toBe(5); });
                });
                """,
        });
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.Contains("npm install (no lockfile)", snapshot.DependencyInstalls.Single());
        Assert.StartsWith("jest: npm test -- --json --outputFile=", snapshot.TestCommands.Single());
        AssertOnePassingOneFailing(snapshot, "math.adds", "math.subtracts", "Expected: 5");
        Assert.Contains("Received: 1", snapshot.FailingTests.Single().Message!);
        Assert.IsFalse(File.Exists(Path.Combine(project.Path_, "package-lock.json")), "the lockfile npm writes stays in the cache, out of the work tree");
        Assert.AreEqual("", SampleRepositoryStatus(project), "node_modules is a link git does not show");
    }

    [TestMethod]
    public async Task A_vitest_project_is_read_from_vitest_s_json_reporter()
    {
        using var project = TargetProject.Create("vitest-sample", new Dictionary<string, string>
        {
            ["package.json"] = Package("vitest run", "vitest", Vitest, ", \"type\": \"module\""),
            ["test/math.test.js"] = """
                import { describe, test, expect } from 'vitest';
                describe('math', () => {
                  test('adds', () => { expect(1 + 1).toBe(2); });
                  test('subtracts', () => { expect(2 - 1).toBe(5); });
                });
                """,
        });
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.StartsWith("vitest: npm test -- --reporter=json", snapshot.TestCommands.Single());
        AssertOnePassingOneFailing(snapshot, "math.adds", "math.subtracts", "expected 1 to be 5");
    }

    [TestMethod]
    public async Task A_mocha_script_with_its_own_reporter_runs_mocha_s_binary_with_the_report_flags_instead_and_the_install_is_reused()
    {
        // The case of the issue: "mocha --reporter spec test/test.js", no lockfile, no node_modules.
        var files = new Dictionary<string, string>
        {
            ["package.json"] = Package("mocha --reporter spec test/test.js", "mocha", Mocha),
            ["test/test.js"] = """
                const assert = require('assert');
                describe('math', () => {
                  it('adds', () => { assert.strictEqual(1 + 1, 2); });
                  it('subtracts', () => { assert.strictEqual(2 - 1, 5); });
                });
                """,
        };
        using var project = TargetProject.Create("mocha-sample", files);
        using var again = TargetProject.Create("mocha-sample", files);
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);
        var second = await services.Get<AssessmentService>().MeasureAsync(again.Path_, null, TestContext.CancellationToken);

        var command = snapshot.TestCommands.Single();
        Assert.StartsWith("mocha: node_modules/.bin/mocha test/test.js --reporter json --reporter-options output=", command);
        Assert.Contains("the test script's own reporter flags replaced", command);
        AssertOnePassingOneFailing(snapshot, "math.adds", "math.subtracts", "1 !== 5");
        Assert.EndsWith("(reused)", second.DependencyInstalls.Single(), "the same package.json reuses the cached installation");
        AssertOnePassingOneFailing(second, "math.adds", "math.subtracts", "1 !== 5");
    }

    [TestMethod]
    public async Task An_ava_project_is_read_from_the_tap_ava_prints()
    {
        using var project = TargetProject.Create("ava-sample", new Dictionary<string, string>
        {
            ["package.json"] = Package("ava", "ava", Ava),
            ["math.test.js"] = """
                const test = require('ava');
                test('adds', t => { t.is(1 + 1, 2); });
                test('subtracts', t => { t.is(2 - 1, 5); });
                """,
        });
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.AreEqual("ava: npm test -- --tap", snapshot.TestCommands.Single());
        AssertOnePassingOneFailing(snapshot, "adds", "subtracts", "t.is() failed");
        Assert.Contains("+ 5", snapshot.FailingTests.Single().Message!);
    }

    [TestMethod]
    public async Task Node_s_own_runner_with_a_folder_argument_gets_its_report_flags_before_the_folder()
    {
        using var project = TargetProject.Create("node-test-sample", new Dictionary<string, string>
        {
            ["package.json"] = """{ "name": "sample", "version": "1.0.0", "scripts": { "test": "node --test test/" } }""",
            ["test/math.test.js"] = """
                const { describe, it } = require('node:test');
                const assert = require('node:assert');
                describe('math', () => {
                  it('adds', () => assert.strictEqual(1 + 1, 2));
                  it('subtracts', () => assert.strictEqual(2 - 1, 5));
                });
                """,
        });
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.IsEmpty(snapshot.DependencyInstalls, "no dependencies declared");
        Assert.StartsWith("node: node --test-reporter=junit --test-reporter-destination=", snapshot.TestCommands.Single());
        Assert.EndsWith("--test test/ (the report flags must come before the script's file arguments)", snapshot.TestCommands.Single());
        AssertOnePassingOneFailing(snapshot, "math.adds", "math.subtracts", "1 !== 5");
    }

    [TestMethod]
    public async Task A_package_the_registry_does_not_have_makes_the_tests_unknown_with_npm_s_message_not_failing()
    {
        using var project = TargetProject.Create("broken-install", new Dictionary<string, string>
        {
            ["package.json"] = """{ "name": "broken", "version": "1.0.0", "scripts": { "test": "jest" }, "devDependencies": { "jest": "30.5.2", "agent-test-no-such-package-zz9": "1.0.0" } }""",
            ["math.test.js"] = "test('adds', () => { expect(1 + 1).toBe(2); });\n",
        });
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        var install = snapshot.DependencyInstalls.Single();
        Assert.StartsWith("node: npm install (no lockfile): 'npm install' exited", install);
        Assert.Contains("agent-test-no-such-package-zz9", install, "npm's own message names the package");
        var reason = snapshot.Unknown[MetricCatalog.TestsFailed];
        Assert.StartsWith("node: the dependencies could not be installed, so the tests did not run", reason);
        Assert.Contains("404", reason);
        Assert.IsFalse(snapshot.Metrics.ContainsKey(MetricCatalog.TestsTotal), "never 0 tests for a run that did not happen");
        Assert.IsFalse(snapshot.Metrics.ContainsKey(MetricCatalog.TestsSuitePassed));
        Assert.IsEmpty(snapshot.FailingTests);
        Assert.IsEmpty(snapshot.TestRunners);
    }

    private static void AssertOnePassingOneFailing(Agent.Activities.Assessment.MeasurementSnapshot snapshot, string passing, string failing, string message)
    {
        CollectionAssert.AreEqual(new[] { "node" }, snapshot.TestRunners);
        Assert.AreEqual(2, snapshot.Metrics[MetricCatalog.TestsTotal], string.Join("; ", snapshot.Unknown.Select(u => $"{u.Key}: {u.Value}")) + "\n" + snapshot.TestOutputTail);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsPassed]);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsFailed]);
        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TestsSuitePassed], "the runner exits non-zero with a failing test");
        CollectionAssert.AreEqual(new[] { passing }, snapshot.PassingTests);
        var test = snapshot.FailingTests.Single();
        Assert.AreEqual(failing, TestNames.Of(test));
        Assert.Contains(message, test.Message!);
    }

    private static string SampleRepositoryStatus(TargetProject project) =>
        TestGit.Run(project.Path_, "status", "--porcelain").Trim();
}
