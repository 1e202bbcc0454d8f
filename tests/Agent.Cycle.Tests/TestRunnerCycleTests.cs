using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// The repositories people have, end to end: a project on each test runner the agent reads (jest, vitest, mocha, ava,
/// Python's unittest, MSTest on Microsoft.Testing.Platform) with one real failing test, no installed dependencies and no
/// lockfile. The cycle installs what each declares in the checkouts it measures, reads the runner's own report, has the
/// rehearsal fix the test and merges the fix as one commit.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class TestRunnerCycleTests
{
    private const string Strings = """
        'use strict';

        /** Counts the words in a sentence (runs of non-space characters). */
        function wordCount(sentence) {
          return sentence.split(' ').length;
        }

        module.exports = { wordCount };
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [DataRow("jest", "jest@30.5.2", "jest", "test/strings.test.js", "const { wordCount } = require('../src/strings');\ndescribe('wordCount', () => {\n  test('counts single spaces', () => { expect(wordCount('a b')).toBe(2); });\n  test('ignores repeated spaces', () => { expect(wordCount('one  two   three')).toBe(3); });\n});\n")]
    [DataRow("vitest", "vitest@3.2.7", "vitest run", "test/strings.test.js", "import { describe, test, expect } from 'vitest';\nimport { createRequire } from 'node:module';\nconst { wordCount } = createRequire(import.meta.url)('../src/strings.js');\ndescribe('wordCount', () => {\n  test('counts single spaces', () => { expect(wordCount('a b')).toBe(2); });\n  test('ignores repeated spaces', () => { expect(wordCount('one  two   three')).toBe(3); });\n});\n")]
    [DataRow("mocha", "mocha@12.0.3", "mocha --reporter spec test/test.js", "test/test.js", "const assert = require('assert');\nconst { wordCount } = require('../src/strings');\ndescribe('wordCount', () => {\n  it('counts single spaces', () => { assert.strictEqual(wordCount('a b'), 2); });\n  it('ignores repeated spaces', () => { assert.strictEqual(wordCount('one  two   three'), 3); });\n});\n")]
    [DataRow("ava", "ava@7.0.0", "ava", "test/strings.test.js", "const test = require('ava');\nconst { wordCount } = require('../src/strings');\ntest('wordCount counts single spaces', t => { t.is(wordCount('a b'), 2); });\ntest('wordCount ignores repeated spaces', t => { t.is(wordCount('one  two   three'), 3); });\n")]
    public async Task A_javascript_project_s_failing_test_is_fixed_and_merged(string runner, string package, string script, string testFile, string tests)
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var target = Path.Combine(f.OutsideFolder, runner);
        var (name, version) = (package[..package.LastIndexOf('@')], package[(package.LastIndexOf('@') + 1)..]);
        Write(target, "package.json", $$"""{ "name": "strings", "version": "1.0.0", "private": true, "scripts": { "test": "{{script}}" }, "devDependencies": { "{{name}}": "{{version}}" } }""");
        Write(target, ".gitignore", "node_modules/\n");
        Write(target, "src/strings.js", Strings);
        Write(target, testFile, tests);
        TestGit.InitWithCommit(target, $"strings on {runner}");

        await MergedAsync(f, target);
    }

    [TestMethod]
    public async Task A_python_unittest_project_s_failing_test_is_fixed_and_merged()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-python.json", Token);
        var target = Path.Combine(f.OutsideFolder, "python");
        Write(target, "src/__init__.py", "");
        Write(target, "src/strings.py", "def word_count(sentence):\n    \"\"\"Counts the words in a sentence.\"\"\"\n    return len(sentence.split(' '))\n");
        Write(target, "tests/__init__.py", "");
        Write(target, "tests/test_strings.py",
            "import unittest\n\nfrom src.strings import word_count\n\n\nclass WordCountTests(unittest.TestCase):\n    def test_single_spaces(self):\n        self.assertEqual(word_count('a b'), 2)\n\n"
            + "    def test_word_count_ignores_repeated_spaces(self):\n        self.assertEqual(word_count('one  two   three'), 3)\n");
        Write(target, ".gitignore", "__pycache__/\n");
        TestGit.InitWithCommit(target, "strings in python");

        await MergedAsync(f, target);
    }

    [TestMethod]
    public async Task An_MSTest_project_on_the_testing_platform_gets_its_failing_test_fixed_and_merged()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-dotnet.json", Token);

        await MergedAsync(f, DotnetTargets.Create(Path.Combine(f.OutsideFolder, "mstest-mtp"), DotnetTargets.Framework.MSTestOnTestingPlatform));
    }

    private async Task MergedAsync(CycleFixture f, string target)
    {
        var head = TestGit.Run(target, "rev-parse", "HEAD").Trim();

        var (result, summary) = await f.RunCycleOnAsync(target);
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(1, summary.GetProperty("testsBefore").GetProperty("failed").GetInt32(), result.ToString());
        Assert.AreEqual(0, summary.GetProperty("testsAfter").GetProperty("failed").GetInt32(), result.ToString());
        Assert.AreEqual(2, summary.GetProperty("testsAfter").GetProperty("total").GetInt32(), "both tests ran after the change: " + result);
        Assert.IsTrue(summary.GetProperty("gapClosed").GetBoolean(), result.ToString());
        Assert.AreEqual(head, TestGit.Run(target, "rev-parse", "HEAD~1").Trim(), "exactly one commit");
        Assert.AreEqual(1, TestGit.Run(target, "show", "--name-only", "--format=", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length,
            "the commit holds the fix alone, no installed dependency");
        Assert.AreEqual("", TestGit.Run(target, "status", "--porcelain").Trim(), "the target's own checkout is untouched");
        Assert.AreEqual(JsonValueKind.String, summary.GetProperty("commit").ValueKind);
    }

    private static void Write(string folder, string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
