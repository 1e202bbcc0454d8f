using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Assessment;

/// <summary>
/// xUnit, NUnit and MSTest projects on VSTest and on Microsoft.Testing.Platform, built and tested with the real .NET 10
/// SDK in temp folders (outside the agent's own global.json, which selects MTP): each with one passing and one failing
/// test, read from its TRX report.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class DotnetFrameworkAssessmentTests
{
    private const string MtpGlobalJson = """{ "test": { "runner": "Microsoft.Testing.Platform" } }""";

    public TestContext TestContext { get; set; } = null!;

    private static string Project(string properties, params string[] packages) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            {string.Concat(packages.Select(p => $"<PackageReference Include=\"{p.Split('@')[0]}\" Version=\"{p.Split('@')[1]}\" />"))}
          </ItemGroup>
        </Project>
        """;

    private static string Tests(string framework) => framework switch
    {
        "xunit" => "using Xunit;\nnamespace Calc.Tests;\npublic class CalcTests\n{\n    [Fact] public void Adds() => Assert.Equal(2, 1 + 1);\n    [Fact] public void Subtracts() => Assert.Equal(5, 2 - 1);\n}\n",
        "nunit" => "using NUnit.Framework;\nnamespace Calc.Tests;\npublic class CalcTests\n{\n    [Test] public void Adds() => Assert.That(1 + 1, Is.EqualTo(2));\n    [Test] public void Subtracts() => Assert.That(2 - 1, Is.EqualTo(5));\n}\n",
        _ => "using Microsoft.VisualStudio.TestTools.UnitTesting;\nnamespace Calc.Tests;\n[TestClass]\npublic class CalcTests\n{\n    [TestMethod] public void Adds() => Assert.AreEqual(2, 1 + 1);\n    [TestMethod] public void Subtracts() => Assert.AreEqual(5, 2 - 1);\n}\n",
    };

    private async Task<MeasurementSnapshot> MeasureAsync(string framework, string csproj, params (string File, string Text)[] extra)
    {
        var files = new Dictionary<string, string> { ["tests/Calc.Tests/Calc.Tests.csproj"] = csproj, ["tests/Calc.Tests/CalcTests.cs"] = Tests(framework) };
        foreach (var (file, text) in extra) files[file] = text;
        using var project = TargetProject.Create($"{framework}-sample", files);
        await using var services = TargetProject.Services(new() { ["Assessment:CheckDependencies"] = "false" });
        return await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);
    }

    private static void AssertOnePassingOneFailing(MeasurementSnapshot snapshot, string mode, string framework, string message)
    {
        var unknown = string.Join("; ", snapshot.Unknown.Select(u => $"{u.Key}: {u.Value}"));
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.BuildSucceeded], unknown + "\n" + snapshot.TestOutputTail);
        StringAssert.Contains(snapshot.TestCommands.Single(), $"dotnet test, {mode} ({framework})");
        Assert.AreEqual(2, snapshot.Metrics.GetValueOrDefault(MetricCatalog.TestsTotal), unknown + "\n" + snapshot.TestOutputTail);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsFailed]);
        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TestsSuitePassed]);
        CollectionAssert.AreEqual(new[] { "Calc.Tests.CalcTests.Adds" }, snapshot.PassingTests);
        var failing = snapshot.FailingTests.Single();
        Assert.AreEqual("Calc.Tests.CalcTests.Subtracts", TestNames.Of(failing));
        Assert.Contains(message, failing.Message!);
    }

    [TestMethod]
    public async Task XUnit_on_VSTest() => AssertOnePassingOneFailing(
        await MeasureAsync("xunit", Project("", "Microsoft.NET.Test.Sdk@18.0.1", "xunit@2.9.3", "xunit.runner.visualstudio@3.1.5")),
        "VSTest mode", "xunit", "Assert.Equal() Failure");

    [TestMethod]
    public async Task XUnit_v3_on_the_testing_platform() => AssertOnePassingOneFailing(
        await MeasureAsync("xunit", Project("<OutputType>Exe</OutputType>", "xunit.v3@3.2.2"), ("global.json", MtpGlobalJson)),
        "Microsoft.Testing.Platform mode", "xunit.v3", "Assert.Equal() Failure");

    [TestMethod]
    public async Task NUnit_on_VSTest() => AssertOnePassingOneFailing(
        await MeasureAsync("nunit", Project("", "Microsoft.NET.Test.Sdk@18.0.1", "NUnit@4.4.0", "NUnit3TestAdapter@5.2.0")),
        "VSTest mode", "nunit", "Expected: 5");

    [TestMethod]
    public async Task NUnit_on_the_testing_platform() => AssertOnePassingOneFailing(
        await MeasureAsync("nunit", Project("<OutputType>Exe</OutputType><EnableNUnitRunner>true</EnableNUnitRunner>", "NUnit@4.4.0", "NUnit3TestAdapter@6.3.1", "Microsoft.Testing.Extensions.TrxReport@2.4.1"), ("global.json", MtpGlobalJson)),
        "Microsoft.Testing.Platform mode", "nunit", "Expected: 5");

    [TestMethod]
    public async Task MSTest_on_VSTest() => AssertOnePassingOneFailing(
        await MeasureAsync("mstest", Project("", "MSTest@4.0.2")),
        "VSTest mode", "mstest", "Expected:<5>");

    [TestMethod]
    public async Task MSTest_on_the_testing_platform_switched_on_in_Directory_Build_props() => AssertOnePassingOneFailing(
        await MeasureAsync("mstest", Project("<OutputType>Exe</OutputType>", "MSTest@4.0.2"), ("global.json", MtpGlobalJson),
            ("Directory.Build.props", "<Project><PropertyGroup><EnableMSTestRunner>true</EnableMSTestRunner></PropertyGroup></Project>")),
        "Microsoft.Testing.Platform mode", "mstest", "Expected:<5>");

    [TestMethod]
    public async Task A_testing_platform_project_without_the_global_json_mode_is_reported_with_the_fix_not_counted()
    {
        var snapshot = await MeasureAsync("mstest", Project("<OutputType>Exe</OutputType><EnableMSTestRunner>true</EnableMSTestRunner>", "MSTest@4.0.2"));

        var reason = snapshot.Unknown[MetricCatalog.TestsTotal];
        Assert.Contains("tests/Calc.Tests/Calc.Tests.csproj: EnableMSTestRunner", reason);
        Assert.Contains("runs only in its Microsoft.Testing.Platform mode: add \"test\": { \"runner\": \"Microsoft.Testing.Platform\" } to global.json", reason);
        Assert.IsFalse(snapshot.Metrics.ContainsKey(MetricCatalog.TestsTotal));
        Assert.IsEmpty(snapshot.FailingTests);
    }
}
