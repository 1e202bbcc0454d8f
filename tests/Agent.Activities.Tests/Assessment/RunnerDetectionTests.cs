using Agent.Activities.Assessment;
using Agent.Activities.Assessment.Dotnet;
using Agent.Activities.Assessment.Node;
using Agent.Activities.Assessment.Python;

namespace Agent.Activities.Tests.Assessment;

/// <summary>Which runner a repository uses and how it is run, read from its files (no process is started).</summary>
[TestClass]
public sealed class RunnerDetectionTests
{
    private static string Write(string root, string file, string text)
    {
        var path = Path.Combine(root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return file;
    }

    private static ProjectLayout Layout(params (string File, string Text)[] files)
    {
        var root = SampleRepository.CreatePlainFolder();
        return ProjectLayout.Detect(root, [.. files.Select(f => Write(root, f.File, f.Text))]);
    }

    private static (string File, string Text) Package(string? test, string dependencies = "") =>
        ("package.json", $$"""{ "name": "x"{{(test is null ? "" : $$""", "scripts": { "test": "{{test}}" }""")}}{{dependencies}} }""");

    [TestMethod]
    [DataRow("jest --coverage", "jest", "scripts.test runs jest")]
    [DataRow("npx vitest run", "vitest", "scripts.test runs vitest")]
    [DataRow("cross-env NODE_ENV=test mocha -r ts-node/register", "mocha", "scripts.test runs mocha")]
    [DataRow("npm run lint && ava --verbose", "ava", "scripts.test runs ava")]
    [DataRow("node --test test/", "node", "scripts.test runs node --test")]
    [DataRow("tap test/*.js", "tap", "scripts.test runs tap")]
    public void The_test_script_names_the_runner(string script, string runner, string evidence)
    {
        var detection = Layout(Package(script)).NodeRunner!;

        Assert.AreEqual((runner, evidence), (detection.Name, detection.Evidence));
        Assert.AreEqual(runner is "tap", detection.Runner is null, "only tap is a runner the agent cannot read");
    }

    [TestMethod]
    public void Without_a_runner_in_the_script_config_files_then_packages_tell()
    {
        var byConfig = Layout(Package("npm run build && npm run unit"), ("vitest.config.ts", "export default {}\n")).NodeRunner!;
        var byKey = Layout(("package.json", """{ "scripts": { "test": "npm run unit" }, "ava": { "files": ["test/**"] } }""")).NodeRunner!;
        var byPackage = Layout(Package(null, """, "devDependencies": { "mocha": "^10.0.0" }""")).NodeRunner!;

        Assert.AreEqual(("vitest", "vitest.config.ts configures vitest"), (byConfig.Name, byConfig.Evidence));
        Assert.AreEqual(("ava", "package.json has a 'ava' section"), (byKey.Name, byKey.Evidence));
        Assert.AreEqual(("mocha", "package.json depends on mocha"), (byPackage.Name, byPackage.Evidence));
    }

    [TestMethod]
    public void Npm_init_s_placeholder_script_and_a_package_without_tests_have_no_runner()
    {
        Assert.IsNull(Layout(Package("echo \\\"Error: no test specified\\\" && exit 1")).NodeRunner);
        Assert.IsNull(Layout(Package(null, """, "dependencies": { "lodash": "4.17.21" }""")).NodeRunner);
    }

    [TestMethod]
    public void A_test_script_is_split_like_a_shell_would_and_plain_invocations_are_told_from_compound_ones()
    {
        var plain = TestScript.Parse("mocha --reporter spec 'test/a b.js' \"--grep=fast one\"");
        var compound = TestScript.Parse("tsc && mocha dist/test");
        var assignment = TestScript.Parse("NODE_ENV=test jest");

        CollectionAssert.AreEqual(new[] { "--reporter", "spec", "test/a b.js", "--grep=fast one" }, plain.PlainArgumentsOf("mocha")!.ToList());
        Assert.IsNull(compound.PlainArgumentsOf("mocha"));
        CollectionAssert.AreEqual(new[] { "tsc", "mocha" }, compound.Commands().ToList());
        Assert.IsNull(assignment.PlainArgumentsOf("jest"));
        CollectionAssert.AreEqual(new[] { "jest" }, assignment.Commands().ToList());
        Assert.IsNotNull(TestScript.Parse("npx jest").PlainArgumentsOf("jest"));
    }

    [TestMethod]
    public void Reporter_options_the_agent_replaces_are_removed_with_their_values()
    {
        var mocha = new MochaRunner();
        string[] args = ["--reporter", "spec", "--recursive", "-O", "foo=bar", "test/", "--reporter-option=x=y"];

        Assert.IsTrue(mocha.SetsReporter(args));
        CollectionAssert.AreEqual(new[] { "--recursive", "test/" }, mocha.WithoutReporterOptions(args).ToList());
        Assert.IsFalse(new JestRunner().SetsReporter(["--coverage", "src/"]));
        CollectionAssert.AreEqual(new[] { "--test-reporter=junit", "--test-reporter-destination=r.xml", "--test", "test/" },
            new NodeBuiltinRunner().Arguments(["--test", "test/"], ["--test-reporter=junit", "--test-reporter-destination=r.xml"]).ToList(), "node reads options after a file as files");
    }

    [TestMethod]
    public void Python_tests_importing_unittest_without_pytest_are_unittest_tests()
    {
        var unittest = Layout(("tests/test_calc.py", "import unittest\n\nclass T(unittest.TestCase):\n    pass\n"), ("requirements.txt", "requests\n"));
        var pytestStyle = Layout(("tests/test_calc.py", "def test_one():\n    assert 1 == 1\n"));
        var pytestMarker = Layout(("calc_test.py", "import unittest\nimport pytest\n\n@pytest.mark.slow\nclass T(unittest.TestCase):\n    pass\n"));
        var pytestDeclared = Layout(("test_calc.py", "import unittest\n"), ("requirements-dev.txt", "pytest==8.0\n"));

        Assert.IsTrue(unittest.HasUnittest);
        Assert.IsFalse(unittest.HasPytest);
        CollectionAssert.AreEqual(new[] { "requirements.txt" }, unittest.PythonManifest!.RequirementFiles.ToList());
        Assert.IsFalse(unittest.PythonManifest.InstallsItself);
        Assert.IsTrue(pytestStyle.HasPytest);
        Assert.IsFalse(pytestStyle.HasUnittest);
        Assert.IsTrue(pytestMarker.HasPytest);
        Assert.IsTrue(pytestDeclared.HasPytest);
    }

    [TestMethod]
    public void A_package_with_dependencies_or_a_src_layout_is_installed_and_a_flat_one_without_is_tested_where_it_lies()
    {
        var withDependencies = Layout(("pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\n[project]\nname = \"x\"\ndependencies = [\n  \"requests>=2\",\n]\n"), ("test_x.py", "import unittest\n"));
        var srcLayout = Layout(("pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\n"), ("src/x/__init__.py", ""), ("test_x.py", "import unittest\n"));
        var flat = Layout(("pyproject.toml", "[build-system]\nrequires = [\"flit_core\"]\n[project]\nname = \"x\"\n"), ("x/__init__.py", ""), ("test_x.py", "import unittest\n"));
        var setupPy = Layout(("setup.py", "setup(name='x', install_requires=['six'])\n"), ("test_x.py", "import unittest\n"));

        Assert.IsTrue(withDependencies.PythonManifest!.InstallsItself);
        Assert.IsTrue(withDependencies.PythonManifest.DeclaresDependencies);
        Assert.IsTrue(srcLayout.PythonManifest!.InstallsItself, "code under src/ is not importable from the root");
        Assert.IsNull(flat.PythonManifest, "nothing to install: the package is importable where it lies");
        Assert.IsTrue(setupPy.PythonManifest!.InstallsItself);
    }

    [TestMethod]
    public void Dotnet_test_projects_are_classified_by_framework_platform_and_report_option()
    {
        var root = SampleRepository.CreatePlainFolder();
        Write(root, "Directory.Build.props", "<Project><PropertyGroup><EnableMSTestRunner>true</EnableMSTestRunner></PropertyGroup></Project>");
        string Proj(string name, string body) => Write(root, $"tests/{name}/{name}.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">{body}</Project>");
        var rows = new[]
        {
            Proj("A", "<ItemGroup><PackageReference Include=\"MSTest\" /></ItemGroup>"),
            Proj("B", "<PropertyGroup><EnableMSTestRunner>false</EnableMSTestRunner></PropertyGroup><ItemGroup><PackageReference Include=\"MSTest\" /></ItemGroup>"),
            Proj("C", "<ItemGroup><PackageReference Include=\"xunit.v3\" Version=\"3.2.2\" /></ItemGroup>"),
            Proj("D", "<ItemGroup><PackageReference Include=\"xunit\" /><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /></ItemGroup>"),
            Proj("E", "<PropertyGroup><EnableNUnitRunner>true</EnableNUnitRunner></PropertyGroup><ItemGroup><PackageReference Include=\"NUnit3TestAdapter\" /></ItemGroup>"),
            Proj("F", "<ItemGroup><PackageReference Include=\"Newtonsoft.Json\" /></ItemGroup>"),
        }.Select(p => DotnetTestProject.Read(root, p)).ToList();

        Assert.AreEqual(("mstest", DotnetTestPlatform.TestingPlatform, "--report-trx"), (rows[0]!.Framework, rows[0]!.Platform, rows[0]!.ReportOption), "the props file switches MTP on");
        Assert.AreEqual(DotnetTestPlatform.VSTest, rows[1]!.Platform, "the project's own property wins");
        Assert.AreEqual(("xunit.v3", DotnetTestPlatform.TestingPlatform, "--report-xunit-trx"), (rows[2]!.Framework, rows[2]!.Platform, rows[2]!.ReportOption));
        Assert.AreEqual(("xunit", DotnetTestPlatform.VSTest), (rows[3]!.Framework, rows[3]!.Platform));
        Assert.AreEqual(("nunit", DotnetTestPlatform.TestingPlatform, null), (rows[4]!.Framework, rows[4]!.Platform, rows[4]!.ReportOption));
        Assert.IsNull(rows[5], "not a test project");
    }

    [TestMethod]
    public void The_plan_says_which_combinations_dotnet_test_cannot_run_or_read()
    {
        var vstest = new DotnetTestProject("tests/V/V.csproj", "xunit", DotnetTestPlatform.VSTest, "xunit 2 on VSTest", false, null);
        var xunit3 = new DotnetTestProject("tests/X/X.csproj", "xunit.v3", DotnetTestPlatform.TestingPlatform, "xunit.v3", false, "--report-xunit-trx");
        var mstest = new DotnetTestProject("tests/M/M.csproj", "mstest", DotnetTestPlatform.TestingPlatform, "EnableMSTestRunner", false, "--report-trx");
        var nunit = new DotnetTestProject("tests/N/N.csproj", "nunit", DotnetTestPlatform.TestingPlatform, "EnableNUnitRunner", false, null);

        var refused = DotnetTestPlan.Create("All.sln", testingPlatformMode: true, [vstest, mstest], false, "/r");
        var mixed = DotnetTestPlan.Create("All.sln", testingPlatformMode: true, [xunit3, mstest, nunit], false, "/r");
        var vstestMode = DotnetTestPlan.Create("All.sln", testingPlatformMode: false, [vstest, xunit3], true, "/r");

        Assert.IsEmpty(refused.Commands);
        Assert.Contains("refuses VSTest projects: tests/V/V.csproj (xunit 2 on VSTest)", refused.Problems.Single());
        CollectionAssert.AreEqual(new[] { "--report-xunit-trx", "--report-trx" }, mixed.Commands.Select(c => c.Arguments[4]).ToList(), "one command per project when the options differ");
        Assert.Contains("tests/N/N.csproj (nunit on Microsoft.Testing.Platform) has no TRX report extension", mixed.Problems.Single());
        Assert.Contains("--collect", vstestMode.Commands.Single().Arguments.ToList());
        Assert.Contains("tests/X/X.csproj runs on Microsoft.Testing.Platform (xunit.v3), which the VSTest mode of dotnet test does not run", vstestMode.Problems.Single());
    }
}
