using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Assessment;

/// <summary>unittest projects with the machine's python3, and their virtual environments (the package registry for Python is not reachable here: installs that need it fail, as they should).</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class PythonAssessmentTests
{
    private const string Tests = """
        import unittest

        from calc import add, subtract


        class CalcTests(unittest.TestCase):
            def test_adds(self):
                self.assertEqual(add(1, 1), 2)

            def test_subtracts(self):
                self.assertEqual(subtract(2, 1), 5, "subtraction is off")
        """;

    public TestContext TestContext { get; set; } = null!;

    private static TargetProject Project(params (string File, string Text)[] extra)
    {
        var files = new Dictionary<string, string>
        {
            ["calc.py"] = "def add(a, b):\n    return a + b\n\n\ndef subtract(a, b):\n    return a - b\n",
            ["tests/test_calc.py"] = Tests,
            ["tests/__init__.py"] = "",
        };
        foreach (var (file, text) in extra) files[file] = text;
        return TargetProject.Create("unittest-sample", files);
    }

    [TestMethod]
    public async Task A_unittest_project_is_run_by_the_shipped_runner_and_read_from_its_junit_report()
    {
        using var project = Project();
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "unittest" }, snapshot.TestRunners);
        Assert.StartsWith("unittest: python3 unittest_junit.py", snapshot.TestCommands.Single());
        Assert.IsEmpty(snapshot.DependencyInstalls, "nothing declared, nothing installed");
        Assert.AreEqual(2, snapshot.Metrics[MetricCatalog.TestsTotal], snapshot.Unknown.GetValueOrDefault(MetricCatalog.TestsTotal));
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsFailed]);
        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TestsSuitePassed]);
        CollectionAssert.AreEqual(new[] { "tests.test_calc.CalcTests.test_adds" }, snapshot.PassingTests);
        var failing = snapshot.FailingTests.Single();
        Assert.AreEqual(("test_subtracts", "tests.test_calc.CalcTests"), (failing.Name, failing.ClassName));
        Assert.AreEqual("AssertionError: 1 != 5 : subtraction is off", failing.Message);
        Assert.Contains("tests/test_calc.py\", line 11", failing.StackTrace!);
        Assert.AreEqual("", TestGit.Run(project.Path_, "status", "--porcelain").Trim(), "no report or bytecode lands in the work tree");
    }

    [TestMethod]
    public async Task Declared_requirements_are_installed_into_a_virtual_environment_the_tests_then_run_in()
    {
        // setuptools is in every virtual environment of this python3, so pip satisfies it without the registry.
        using var project = Project(("requirements.txt", "setuptools\n"), ("tests/test_env.py", """
            import os
            import sys
            import unittest


            class EnvironmentTests(unittest.TestCase):
                def test_runs_in_the_virtual_environment(self):
                    self.assertNotEqual(sys.prefix, sys.base_prefix)
                    self.assertEqual(os.environ["VIRTUAL_ENV"], sys.prefix)
            """));
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.StartsWith("python: pip install -r requirements.txt into the virtual environment ", snapshot.DependencyInstalls.Single());
        Assert.StartsWith("unittest: python unittest_junit.py", snapshot.TestCommands.Single(), "the environment's own python");
        Assert.AreEqual(3, snapshot.Metrics[MetricCatalog.TestsTotal], snapshot.Unknown.GetValueOrDefault(MetricCatalog.TestsTotal));
        CollectionAssert.Contains(snapshot.PassingTests, "tests.test_env.EnvironmentTests.test_runs_in_the_virtual_environment");
    }

    [TestMethod]
    public async Task A_requirement_pip_cannot_install_makes_the_tests_unknown_with_pip_s_message()
    {
        using var project = Project(("requirements.txt", "agent-test-no-such-package-zz9==1.0\n"));
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        var install = snapshot.DependencyInstalls.Single();
        Assert.StartsWith("python: pip install -r requirements.txt: ", install);
        Assert.Contains("agent-test-no-such-package-zz9", install, "pip's own message names the requirement");
        Assert.StartsWith("unittest: the dependencies could not be installed, so the tests did not run", snapshot.Unknown[MetricCatalog.TestsTotal]);
        Assert.IsFalse(snapshot.Metrics.ContainsKey(MetricCatalog.TestsTotal));
        Assert.IsEmpty(snapshot.FailingTests);
    }
}
