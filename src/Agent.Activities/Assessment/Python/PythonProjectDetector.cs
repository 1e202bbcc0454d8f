using System.Text.RegularExpressions;

namespace Agent.Activities.Assessment.Python;

/// <summary>The Python test runner a repository uses.</summary>
public enum PythonTestRunner
{
    /// <summary>No Python tests.</summary>
    None,

    /// <summary>pytest (its config, conftest.py, <c>import pytest</c>, or plain <c>test_*.py</c> files).</summary>
    Pytest,

    /// <summary>The standard library's unittest: test files import unittest and nothing names pytest.</summary>
    Unittest,
}

/// <summary>What a Python project declares to install.</summary>
/// <param name="RequirementFiles">Root <c>requirements*.txt</c> files, relative, in name order.</param>
/// <param name="InstallsItself">Whether it is a package itself (<c>pyproject.toml</c> with a project or build system, <c>setup.py</c>, <c>setup.cfg</c>), installed with <c>pip install -e .</c>.</param>
public sealed record PythonManifest(IReadOnlyList<string> RequirementFiles, bool InstallsItself)
{
    /// <summary>Whether there is anything to install.</summary>
    public bool DeclaresDependencies => RequirementFiles.Count > 0 || InstallsItself;

    /// <summary>The files whose content decides what is installed (for the cache key).</summary>
    public IEnumerable<string> Files => RequirementFiles.Concat(InstallsItself ? new[] { "pyproject.toml", "setup.py", "setup.cfg" } : []);
}

/// <summary>Finds whether a repository has Python tests, which runner they are written for, and what it declares to install.</summary>
public static partial class PythonProjectDetector
{
    /// <summary>Reads <paramref name="root"/>'s files (<paramref name="files"/>: relative, '/'-separated).</summary>
    public static (PythonTestRunner Runner, PythonManifest? Manifest) Detect(string root, IReadOnlyList<string> files)
    {
        var python = files.Where(f => f.EndsWith(".py", StringComparison.Ordinal)).ToList();
        var manifest = Manifest(root, files);
        if (python.Count == 0) return (PythonTestRunner.None, manifest);
        var testFiles = python.Where(f => Path.GetFileName(f) is var n && (n.StartsWith("test_", StringComparison.Ordinal) || n.EndsWith("_test.py", StringComparison.Ordinal))).ToList();
        var pytestConfigured = File.Exists(Path.Combine(root, "pytest.ini")) || python.Any(f => Path.GetFileName(f) == "conftest.py")
            || Mentions(root, "pyproject.toml", "pytest") || Mentions(root, "setup.cfg", "tool:pytest") || Mentions(root, "tox.ini", "[pytest]")
            || (manifest?.RequirementFiles.Any(r => Mentions(root, r, "pytest")) ?? false);
        if (pytestConfigured) return (PythonTestRunner.Pytest, manifest);
        if (testFiles.Count == 0) return (PythonTestRunner.None, manifest);
        var texts = testFiles.Select(f => Read(root, f)).ToList();
        if (texts.Any(t => PytestMention().IsMatch(t))) return (PythonTestRunner.Pytest, manifest);
        // unittest needs TestCase classes; plain test functions with bare asserts are pytest's style.
        return (texts.Any(t => UnittestImport().IsMatch(t)) ? PythonTestRunner.Unittest : PythonTestRunner.Pytest, manifest);
    }

    private static PythonManifest? Manifest(string root, IReadOnlyList<string> files)
    {
        var requirements = files.Where(f => !f.Contains('/', StringComparison.Ordinal) && f.StartsWith("requirements", StringComparison.Ordinal) && f.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var package = File.Exists(Path.Combine(root, "setup.py")) || File.Exists(Path.Combine(root, "setup.cfg"))
            || (File.Exists(Path.Combine(root, "pyproject.toml")) && (Mentions(root, "pyproject.toml", "[project]") || Mentions(root, "pyproject.toml", "[build-system]")));
        // A package installs itself only when that brings something: dependencies it declares, or a src/ layout whose
        // code is not importable from the root. A flat package without dependencies is tested where it lies, as its
        // own CI would do without a network (installing it would need the build backend from the package index).
        var itself = package && (DeclaresDependencies(root) || IsSrcLayout(files));
        return requirements.Count == 0 && !itself ? null : new PythonManifest(requirements, itself);
    }

    private static bool DeclaresDependencies(string root) =>
        ProjectDependencies().Match(Read(root, "pyproject.toml")) is { Success: true } m && m.Groups["list"].Value.Any(c => c is '"' or '\'')
        || Mentions(root, "pyproject.toml", "[tool.poetry.dependencies]") && PoetryDependency().IsMatch(Read(root, "pyproject.toml"))
        || Mentions(root, "setup.py", "install_requires") || Mentions(root, "setup.cfg", "install_requires");

    private static bool IsSrcLayout(IReadOnlyList<string> files) =>
        files.Any(f => f.StartsWith("src/", StringComparison.Ordinal) && f.EndsWith("/__init__.py", StringComparison.Ordinal) && f.Count(c => c == '/') == 2)
        && !files.Any(f => !f.StartsWith("src/", StringComparison.Ordinal) && !f.StartsWith("test", StringComparison.Ordinal) && f.EndsWith("/__init__.py", StringComparison.Ordinal) && f.Count(c => c == '/') == 1);

    private static bool Mentions(string root, string file, string text) =>
        File.Exists(Path.Combine(root, file)) && Read(root, file).Contains(text, StringComparison.Ordinal);

    private static string Read(string root, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(root, file));
        }
        catch (IOException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"^dependencies\s*=\s*\[(?<list>[^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex ProjectDependencies();

    [GeneratedRegex(@"\[tool\.poetry\.dependencies\][^\[]*^(?!python\s*=)\w[\w.-]*\s*=", RegexOptions.Multiline)]
    private static partial Regex PoetryDependency();

    [GeneratedRegex(@"^\s*(import\s+pytest|from\s+pytest\s+import)|@pytest\.", RegexOptions.Multiline)]
    private static partial Regex PytestMention();

    [GeneratedRegex(@"^\s*(import\s+unittest|from\s+unittest(\.\w+)*\s+import)", RegexOptions.Multiline)]
    private static partial Regex UnittestImport();
}
