using Agent.Activities.Assessment;

namespace Agent.Activities.Tests.Assessment;

[TestClass]
public sealed class ProjectLayoutTests
{
    private static string Write(string root, string file, string text)
    {
        var path = Path.Combine(root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return file;
    }

    [TestMethod]
    public void The_agent_s_own_layout_is_a_solution_tested_through_the_testing_platform()
    {
        var root = AgentRepository.Root;
        string[] files = ["Agent.sln", "src/Agent.Activities/Agent.Activities.csproj", "tests/Agent.Activities.Tests/Agent.Activities.Tests.csproj", "samples/dotnet-calculator/Calculator.slnx"];

        var layout = ProjectLayout.Detect(root, files);

        Assert.AreEqual("Agent.sln", layout.DotnetEntry, "the shallowest solution");
        Assert.IsTrue(layout.UsesTestingPlatform);
        Assert.IsTrue(layout.HasDotnetTests);
        Assert.IsNull(layout.NodeTestScript);
    }

    [TestMethod]
    public void A_library_without_test_projects_has_no_dotnet_tests_and_a_node_script_is_read()
    {
        var root = SampleRepository.CreatePlainFolder();
        var project = Write(root, "lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>");
        var package = Write(root, "package.json", """{ "scripts": { "test": "node --test test/" } }""");

        var layout = ProjectLayout.Detect(root, [project, package]);

        Assert.AreEqual("lib/Lib.csproj", layout.DotnetEntry);
        Assert.IsFalse(layout.HasDotnetTests);
        Assert.IsFalse(layout.UsesTestingPlatform);
        Assert.AreEqual("node --test test/", layout.NodeTestScript);
        Assert.IsFalse(layout.HasPytest);
    }

    [TestMethod]
    public void Python_tests_are_recognised_by_their_file_names()
    {
        var root = SampleRepository.CreatePlainFolder();

        var layout = ProjectLayout.Detect(root, [Write(root, "tests/test_math.py", "def test_one(): assert 1 == 1\n")]);

        Assert.IsTrue(layout.HasPytest);
        Assert.IsNull(layout.DotnetEntry);
    }

    [TestMethod]
    [DataRow("src/Lib/Lib.cs", false)]
    [DataRow("tests/Lib.Tests/LibTests.cs", true)]
    [DataRow("src/Lib.Tests/LibTests.cs", true)]
    [DataRow("test/strings.test.js", true)]
    [DataRow("src/testing/Helpers.cs", false)]
    public void Test_paths_are_told_apart_by_their_folders(string path, bool isTest) =>
        Assert.AreEqual(isTest, ProjectLayout.IsTestPath(path));
}
