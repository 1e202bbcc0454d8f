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
        var itself = File.Exists(Path.Combine(root, "setup.py")) || File.Exists(Path.Combine(root, "setup.cfg"))
            || (File.Exists(Path.Combine(root, "pyproject.toml")) && (Mentions(root, "pyproject.toml", "[project]") || Mentions(root, "pyproject.toml", "[build-system]")));
        return requirements.Count == 0 && !itself ? null : new PythonManifest(requirements, itself);
    }

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

    [GeneratedRegex(@"^\s*(import\s+pytest|from\s+pytest\s+import)|@pytest\.", RegexOptions.Multiline)]
    private static partial Regex PytestMention();

    [GeneratedRegex(@"^\s*(import\s+unittest|from\s+unittest(\.\w+)*\s+import)", RegexOptions.Multiline)]
    private static partial Regex UnittestImport();
}
