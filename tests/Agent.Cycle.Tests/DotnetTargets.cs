namespace Agent.Cycle.Tests;

/// <summary>
/// Small .NET repositories as people have them: a library and a test project in one of the common frameworks, with
/// package versions in the projects and no global.json or central package file of their own. Arithmetic.Max has the
/// bug samples/dotnet-calculator has, so scripts/model/rehearsal-fix-failing-test-dotnet.json fixes it in each.
/// </summary>
public static class DotnetTargets
{
    /// <summary>The test frameworks a target can use: on VSTest, or MSTest on Microsoft.Testing.Platform.</summary>
    public enum Framework { XUnit, NUnit, MSTest, MSTestOnTestingPlatform }

    public static string Create(string folder, Framework framework)
    {
        Directory.CreateDirectory(folder);
        Write(folder, "Calculator.slnx", """
            <Solution>
              <Project Path="src/Calculator/Calculator.csproj" />
              <Project Path="tests/Calculator.Tests/Calculator.Tests.csproj" />
            </Solution>
            """);
        Write(folder, ".gitignore", "bin/\nobj/\nTestResults/\n");
        Write(folder, "src/Calculator/Calculator.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        Write(folder, "src/Calculator/Arithmetic.cs", """
            namespace Calculator;

            /// <summary>Integer arithmetic.</summary>
            public static class Arithmetic
            {
                /// <summary>The sum of two values.</summary>
                public static int Add(int a, int b) => a + b;

                /// <summary>The larger of two values.</summary>
                public static int Max(int a, int b) => a < b ? a : b;
            }
            """);
        var (packages, usings, testClass, fact) = framework switch
        {
            Framework.XUnit => ("""<PackageReference Include="xunit" Version="2.9.3" /><PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />""", "using Xunit;", "", "[Fact]"),
            Framework.NUnit => ("""<PackageReference Include="NUnit" Version="4.4.0" /><PackageReference Include="NUnit3TestAdapter" Version="5.2.0" />""", "using NUnit.Framework;", "[TestFixture]", "[Test]"),
            Framework.MSTest => ("""<PackageReference Include="MSTest.TestAdapter" Version="4.5.2" /><PackageReference Include="MSTest.TestFramework" Version="4.5.2" />""", "using Microsoft.VisualStudio.TestTools.UnitTesting;", "[TestClass]", "[TestMethod]"),
            _ => ("""<PackageReference Include="MSTest" Version="4.5.2" />""", "using Microsoft.VisualStudio.TestTools.UnitTesting;", "[TestClass]", "[TestMethod]"),
        };
        if (framework == Framework.MSTestOnTestingPlatform)
        {
            // The platform's own switch: the project runs as an executable, and .NET 10's dotnet test runs it in its
            // Microsoft.Testing.Platform mode only when the repository's global.json says so.
            Write(folder, "global.json", """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        }
        string Equal(string expected, string actual) => framework switch
        {
            Framework.XUnit => $"Assert.Equal({expected}, {actual})",
            Framework.NUnit => $"Assert.That({actual}, Is.EqualTo({expected}))",
            _ => $"Assert.AreEqual({expected}, {actual})",
        };
        Write(folder, "tests/Calculator.Tests/Calculator.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
                <IsTestProject>true</IsTestProject>
                {(framework == Framework.MSTestOnTestingPlatform ? "<EnableMSTestRunner>true</EnableMSTestRunner><OutputType>Exe</OutputType>" : "")}
              </PropertyGroup>
              <ItemGroup>
                {(framework == Framework.MSTestOnTestingPlatform ? "" : """<PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />""")}
                {packages}
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../../src/Calculator/Calculator.csproj" />
              </ItemGroup>
            </Project>
            """);
        Write(folder, "tests/Calculator.Tests/ArithmeticTests.cs", $$"""
            {{usings}}
            using Calculator;

            namespace Calculator.Tests;

            {{testClass}}
            public class ArithmeticTests
            {
                {{fact}}
                public void Add_adds() => {{Equal("5", "Arithmetic.Add(2, 3)")}};

                {{fact}}
                public void Max_returns_the_larger_value() => {{Equal("7", "Arithmetic.Max(7, 3)")}};
            }
            """);
        TestGit.InitWithCommit(folder, $"calculator on {framework}");
        return folder;
    }

    private static void Write(string folder, string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
