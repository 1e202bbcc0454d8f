using System.Diagnostics;
using System.Text.Json;
using Agent.Activities.Claude;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Tests.Claude;

namespace Agent.Activities.Tests.Learning;

/// <summary>
/// The test that proves the loop learns: the real Claude Code CLI against the scripted model server, a real failing check
/// in a real git repository, and the real knowledge base. Attempt 1 meets error E with nothing known and needs several
/// turns to find the fix, which is stored as E's solution. Attempt 2 meets the same error at another path and line; the
/// prompt built from <see cref="ILearningService.GetTaskContextAsync"/> carries the stored fix, the model receives it,
/// and the task is done in fewer turns.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class LearningEffectTests
{
    private const string Fix = "echo 'timeout = 30' >> settings.ini";

    // Fails with the error kind, the absolute path of settings.ini and the line of its 'name' key, like a real linter.
    private const string CheckScript = """
        #!/bin/sh
        line=$(grep -n '^name' settings.ini | cut -d: -f1)
        if ! grep -q '^timeout' settings.ini; then
          echo "ConfigError: missing key 'timeout' in $(pwd)/settings.ini at line $line" >&2
          exit 1
        fi
        printf '%s: %s\n' OK "settings complete"
        """;

    private static readonly LearningTask Task = new("keep the checks green", "fix-check", "make ./check.sh pass", Gap: "check.sh fails");

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_second_attempt_gets_the_stored_fix_in_its_prompt_and_needs_fewer_turns()
    {
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Scripts", "learning-effect.json"), Token);
        await using var box = await RunnerSandbox.StartAsync(script, Token);
        await using var kb = new KnowledgeSandbox();

        // Attempt 1: nothing is known yet.
        var repo1 = await CreateRepoAsync(Path.Combine(kb.Folder, "first-service"), "name = first\n");
        var error1 = await RunCheckAsync(repo1);
        Assert.IsNotNull(error1, "the check must fail before the fix");
        var (result1, prompt1, requests1, context1) = await AttemptAsync(box, kb, repo1, error1);
        Assert.AreEqual("", context1.PromptBlock, "an empty knowledge base offers nothing");
        Assert.IsNull(await RunCheckAsync(repo1), $"the model's fix must make the real check pass; rules {Rules(requests1)}, text: {result1.Text}");
        Assert.Contains(Fix, result1.Text!);
        await RecordAsync(kb, result1, prompt1, error1, context1);

        // Attempt 2: the same error in another repository, at another path and line.
        var repo2 = await CreateRepoAsync(Path.Combine(kb.Folder, "second", "service"), "# second service\n\nport = 8080\nname = second\n");
        var error2 = await RunCheckAsync(repo2);
        Assert.IsNotNull(error2);
        Assert.AreNotEqual(error1, error2, "path and line differ");
        var (result2, prompt2, requests2, context2) = await AttemptAsync(box, kb, repo2, error2);

        var match = context2.ErrorMatches.Single();
        Assert.AreEqual(ErrorMatchKind.Exact, match.Kind);
        Assert.AreEqual(result1.Text, match.Solutions.Single().Description);
        Assert.Contains(Fix, prompt2);
        var firstRequestOfAttempt2 = box.Server.Log.MessagesRequests[requests1.Count];
        Assert.Contains(Fix, LastUserText(firstRequestOfAttempt2.Body!.Value), "the model server must receive the stored fix");
        Assert.IsNull(await RunCheckAsync(repo2));
        Assert.IsLessThan(requests1.Count, requests2.Count, $"attempt 1 took {requests1.Count} model turns, attempt 2 {requests2.Count}");
        Assert.IsLessThan(result1.Turns, result2.Turns);
        Assert.AreEqual(5, requests1.Count);
        Assert.AreEqual(2, requests2.Count);

        await RecordAsync(kb, result2, prompt2, error2, context2);
        var solution = (await kb.Errors.LookupAsync(new ErrorObservation(error2), Token)).Single().Solutions.Single();
        Assert.AreEqual(2, solution.SuccessCount, "the stored fix worked again and its record says so");
        var efficiency = (await kb.Kpis.ComputeAsync(cancellationToken: Token)).LearningEfficiency.Single();
        Assert.IsLessThan(0, efficiency.Trend!.Turns, "learning efficiency shows the fall in turns");
    }

    private async Task<(ClaudeRunResult Result, string Prompt, IReadOnlyList<Agent.ModelServer.RecordedRequest> Requests, TaskContext Context)> AttemptAsync(
        RunnerSandbox box, KnowledgeSandbox kb, string repo, string error)
    {
        var context = await kb.Learning.GetTaskContextAsync(Task, [new ErrorObservation(error, "check")], Token);
        var prompt = $"Make ./check.sh pass in this repository. It fails with:\n{error}\n\n{context.PromptBlock}";
        var before = box.Server.Log.MessagesRequests.Count;
        var result = await box.Runner.RunAsync(box.Request(prompt) with { WorkingDirectory = repo, PermissionMode = ClaudePermissionModes.BypassPermissions },
            new EventRecorder(), Token);
        Assert.IsTrue(result.IsSuccess, $"{result.Error}\n{result.StderrTail}");
        return (result, prompt, box.Server.Log.MessagesRequests.Skip(before).ToList(), context);
    }

    private Task RecordAsync(KnowledgeSandbox kb, ClaudeRunResult result, string prompt, string error, TaskContext context) =>
        kb.Learning.RecordAttemptAsync(new AttemptRecord
        {
            Task = Task,
            Outcome = ExperienceOutcome.Accepted,
            GapClosed = true,
            MergedCommit = KnowledgeSandbox.NewCommit(),
            Prompt = prompt,
            Approach = new Approach { Tools = ["Bash"], Files = ["settings.ini"], Turns = result.Turns },
            ErrorsSeen = [new ErrorObservation(error, "check")],
            Fix = new AttemptFix(result.Text!),
            AppliedSolutionIds = context.OfferedSolutionIds,
            Tokens = result.Usage.Total,
            CostUsd = (double)result.CostUsd,
            Duration = result.Duration,
        }, Token);

    private static string Rules(IEnumerable<Agent.ModelServer.RecordedRequest> requests) => string.Join(",", requests.Select(r => r.RuleIndex));

    private static string LastUserText(JsonElement body) => Agent.ModelServer.Protocol.MessagesRequest.From(body).LastUserText;

    private async Task<string> CreateRepoAsync(string path, string settings)
    {
        Directory.CreateDirectory(path);
        await File.WriteAllTextAsync(Path.Combine(path, "check.sh"), CheckScript.ReplaceLineEndings("\n") + "\n", Token);
        await File.WriteAllTextAsync(Path.Combine(path, "settings.ini"), settings, Token);
        await RunAsync(path, "git", "init", "-q");
        await RunAsync(path, "git", "add", ".");
        await RunAsync(path, "git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "initial");
        return path;
    }

    /// <summary>Runs the real check; null when it passes, else what it printed on stderr.</summary>
    private async Task<string?> RunCheckAsync(string repo)
    {
        var (code, _, stderr) = await RunAsync(repo, "sh", "check.sh");
        return code == 0 ? null : stderr.Trim();
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string cwd, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
