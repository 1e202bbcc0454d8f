using System.Text.RegularExpressions;

namespace Agent.Activities.Assessment.Dotnet;

/// <summary>The platform a .NET test project runs its tests on.</summary>
public enum DotnetTestPlatform
{
    /// <summary>VSTest (Microsoft.NET.Test.Sdk and a test adapter): <c>dotnet test --logger trx</c>.</summary>
    VSTest,

    /// <summary>Microsoft.Testing.Platform: the test project is an executable; TRX comes from a report extension.</summary>
    TestingPlatform,
}

/// <summary>A .NET test project and how it runs, read from its project file and the Directory.Build.props files above it.</summary>
/// <param name="Path">The project file, relative to the repository root.</param>
/// <param name="Framework"><c>xunit</c>, <c>xunit.v3</c>, <c>nunit</c>, <c>mstest</c>, <c>tunit</c>, or <c>vstest</c> when only Microsoft.NET.Test.Sdk tells.</param>
/// <param name="Platform">What it runs on.</param>
/// <param name="Why">The property or package that decided <paramref name="Platform"/>, for messages.</param>
/// <param name="DotnetTestSupport">Whether it sets <c>TestingPlatformDotnetTestSupport</c> (MTP under dotnet test's VSTest mode).</param>
/// <param name="ReportOption">The MTP option that writes a TRX report (<c>--report-trx</c>, or xUnit's <c>--report-xunit-trx</c>), or null when it has none.</param>
public sealed partial record DotnetTestProject(string Path, string Framework, DotnetTestPlatform Platform, string Why, bool DotnetTestSupport, string? ReportOption)
{
    /// <summary>Reads <paramref name="project"/> (relative to <paramref name="root"/>); null when it is not a test project.</summary>
    public static DotnetTestProject? Read(string root, string project)
    {
        var text = File.ReadAllText(System.IO.Path.Combine(root, project));
        var props = BuildProps(root, project);
        var packages = PackageReference().Matches(text + string.Concat(props)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool? Flag(string name)
        {
            foreach (var source in new[] { text }.Concat(props))
            {
                var m = Regex.Match(source, $@"<{name}(\s[^>]*)?>\s*(?<v>[^<]*?)\s*</{name}>", RegexOptions.IgnoreCase);
                if (m.Success) return m.Groups["v"].Value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            return null;
        }
        var mstestSdk = Regex.IsMatch(text, @"Sdk\s*=\s*""MSTest\.Sdk", RegexOptions.IgnoreCase);
        var trx = packages.Contains("Microsoft.Testing.Extensions.TrxReport") || packages.Contains("MSTest") || mstestSdk;
        var support = Flag("TestingPlatformDotnetTestSupport") == true;
        var useMtp = Flag("UseMicrosoftTestingPlatformRunner");

        if (mstestSdk || packages.Contains("MSTest") || packages.Contains("MSTest.TestAdapter"))
        {
            var mtp = Flag("EnableMSTestRunner") ?? (mstestSdk && Flag("UseVSTest") != true);
            return new(project, "mstest", mtp ? DotnetTestPlatform.TestingPlatform : DotnetTestPlatform.VSTest,
                mtp ? (mstestSdk ? "MSTest.Sdk" : "EnableMSTestRunner") : "MSTest without EnableMSTestRunner", support, trx ? "--report-trx" : null);
        }
        if (packages.Contains("xunit.v3") || packages.Contains("xunit.v3.core") || packages.Contains("xunit.v3.mtp-off"))
        {
            var mtp = !packages.Contains("xunit.v3.mtp-off") && useMtp != false;
            return new(project, "xunit.v3", mtp ? DotnetTestPlatform.TestingPlatform : DotnetTestPlatform.VSTest,
                mtp ? "xunit.v3 (Microsoft.Testing.Platform by default)" : "xunit.v3 with Microsoft.Testing.Platform off", support,
                packages.Contains("Microsoft.Testing.Extensions.TrxReport") ? "--report-trx" : "--report-xunit-trx");
        }
        if (packages.Contains("NUnit") || packages.Contains("NUnit3TestAdapter"))
        {
            var mtp = Flag("EnableNUnitRunner") == true;
            return new(project, "nunit", mtp ? DotnetTestPlatform.TestingPlatform : DotnetTestPlatform.VSTest, mtp ? "EnableNUnitRunner" : "NUnit3TestAdapter on VSTest", support, trx ? "--report-trx" : null);
        }
        if (packages.Contains("TUnit") || packages.Contains("TUnit.Core"))
            return new(project, "tunit", DotnetTestPlatform.TestingPlatform, "TUnit (Microsoft.Testing.Platform only)", support, "--report-trx");
        if (packages.Contains("xunit"))
            return new(project, "xunit", DotnetTestPlatform.VSTest, "xunit 2 on VSTest", support, null);
        if (packages.Contains("Microsoft.NET.Test.Sdk") || Flag("IsTestProject") == true)
            return new(project, "vstest", useMtp == true ? DotnetTestPlatform.TestingPlatform : DotnetTestPlatform.VSTest, "Microsoft.NET.Test.Sdk", support, trx ? "--report-trx" : null);
        return null;
    }

    // Directory.Build.props from the project's folder up to the repository root, nearest first (the one MSBuild imports).
    private static List<string> BuildProps(string root, string project)
    {
        var found = new List<string>();
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(System.IO.Path.Combine(root, project)));
        var top = System.IO.Path.GetFullPath(root).TrimEnd('/');
        while (folder is not null && folder.Length >= top.Length)
        {
            var props = System.IO.Path.Combine(folder, "Directory.Build.props");
            if (File.Exists(props)) found.Add(File.ReadAllText(props));
            folder = System.IO.Path.GetDirectoryName(folder);
        }
        return found;
    }

    [GeneratedRegex(@"<PackageReference\s+[^>]*Include\s*=\s*""(?<name>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex PackageReference();
}
