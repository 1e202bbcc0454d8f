using Agent.Activities.Safety.Scanning;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Scanning;

[TestClass]
public sealed class SecretScannerTests
{
    private static SecretScanner Scanner(ScanningOptions? options = null) => new(Options.Create(options ?? new ScanningOptions()));

    // A real repository: the base commit, then the file written and 'git diff' of it, as the change reader sees it.
    private static string Patch(string path, string content, string? baseContent = null)
    {
        var folder = TempFolder.Create("secret-scan");
        try
        {
            File.WriteAllText(Path.Combine(folder, "README.md"), "# base\n");
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (baseContent is not null) File.WriteAllText(full, baseContent);
            TestGit.InitWithCommit(folder, "base");
            File.WriteAllText(full, content);
            TestGit.Run(folder, "add", "-A");
            return TestGit.Run(folder, "diff", "--cached", "HEAD");
        }
        finally { TempFolder.Delete(folder); }
    }

    [TestMethod]
    public void Real_looking_keys_of_every_provider_are_found_with_their_rule_line_and_a_redacted_value()
    {
        var keys = new (string Rule, string Line)[]
        {
            ("aws-access-key-id", $"var id = \"{FakeKeys.Aws()}\";"),
            ("github-token", $"token: {FakeKeys.GitHub()}"),
            ("github-fine-grained-token", $"GH={FakeKeys.GitHubFineGrained()}"),
            ("slack-token", $"slack = '{FakeKeys.Slack()}'"),
            ("stripe-live-key", $"Stripe.ApiKey = \"{FakeKeys.Stripe()}\";"),
            ("google-api-key", $"const maps = \"{FakeKeys.Google()}\";"),
            ("jwt", $"Authorization: Bearer {FakeKeys.Jwt()}"),
            ("password-assignment", $"password = \"{FakeKeys.Random("abcdefghijkmnpqrstuvwxyz23456789!#", 14)}\""),
            ("high-entropy-secret", $"clientSecret = \"{FakeKeys.Base64(40)}\";"),
            ("high-entropy-secret", $"API_TOKEN={FakeKeys.Hex(40)}"),
        };
        var text = string.Join("\n", keys.Select(k => k.Line)) + "\n" + FakeKeys.PrivateKey() + "\n";

        var findings = Scanner().Scan(Patch("src/Settings.cs", text));

        CollectionAssert.AreEqual(keys.Select(k => k.Rule).Append("private-key").ToList(), findings.Select(f => f.Rule).ToList(), string.Join("\n", findings));
        for (var i = 0; i < keys.Length; i++) Assert.AreEqual($"src/Settings.cs:{i + 1}", findings[i].Location);
        Assert.IsTrue(findings.All(f => f.Kind == SecurityFindingKinds.Secret && f.Severity == SecuritySeverity.Critical));
        // Evidence names the first four characters and the length, never the key.
        var aws = keys[0].Line.Split('"')[1];
        Assert.AreEqual($"added {aws[..4]}… (20 chars)", findings[0].Evidence);
        Assert.IsFalse(findings.Any(f => f.Evidence.Contains(aws, StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Placeholders_lockfile_hashes_commit_ids_and_documented_example_keys_are_not_secrets()
    {
        var lockfile = $$"""
            {
              "name": "app",
              "packages": {
                "node_modules/left-pad": {
                  "version": "1.3.0",
                  "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
                  "integrity": "sha512-{{FakeKeys.Base64(86)}}=="
                }
              }
            }
            """;
        var code = $$"""
            var awsExample = "AKIAIOSFODNN7EXAMPLE";
            password = "changeme";
            var apiKey = "${API_KEY}";
            token: <your-token-here>
            commit = "{{FakeKeys.Hex(40)}}"
            sha256 = "{{FakeKeys.Hex(64)}}"
            var id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
            var message = "Configuration value was not found anywhere";
            var name = ComputeTheVeryLongMethodNameForThings123();
            secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            """;

        Assert.AreEqual(0, Scanner().Scan(Patch("package-lock.json", lockfile)).Count);
        var findings = Scanner().Scan(Patch("src/Config.cs", code));
        Assert.AreEqual(0, findings.Count, string.Join("\n", findings));
    }

    [TestMethod]
    public void Only_added_lines_count_and_allowed_paths_are_skipped()
    {
        var key = FakeKeys.Aws();
        // The key was already in the base and the change removes it: not the change's finding.
        Assert.AreEqual(0, Scanner().Scan(Patch("src/Old.cs", "// cleaned\n", $"var id = \"{key}\";\n")).Count);
        var patch = Patch("tests/fixtures/keys.txt", $"aws = {key}\n");
        Assert.AreEqual(1, Scanner().Scan(patch).Count);
        Assert.AreEqual(0, Scanner(new ScanningOptions { SecretAllowPaths = ["tests/fixtures/**"] }).Scan(patch).Count);
    }

    [TestMethod]
    public void Added_lines_keep_their_line_numbers_in_the_new_file()
    {
        var patch = Patch("a.txt", "one\ntwo\nTHREE\nfour\n", "one\ntwo\nthree\nfour\n");
        var lines = AddedLines.Of(patch).ToList();
        Assert.AreEqual(1, lines.Count);
        Assert.AreEqual(new AddedLine("a.txt", 3, "THREE"), lines[0]);
    }

    [TestMethod]
    public void Entropy_is_high_for_random_keys_and_low_for_words()
    {
        Assert.AreEqual(0, ShannonEntropy.Of("aaaa"));
        Assert.AreEqual(2, ShannonEntropy.Of("abcd"), 1e-9);
        Assert.IsTrue(Scanner().IsHighEntropy(FakeKeys.Base64(40)));
        Assert.IsFalse(Scanner().IsHighEntropy("ThisIsJustAVeryLongIdentifierName"));
        Assert.IsFalse(Scanner().IsHighEntropy("0000000000000000000000000000000000000000"));
    }
}
