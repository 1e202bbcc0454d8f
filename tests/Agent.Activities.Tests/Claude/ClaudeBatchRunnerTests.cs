using System.Text.Json;
using Agent.Activities.Claude;

namespace Agent.Activities.Tests.Claude;

/// <summary>Batches against the real CLI and the scripted model server: the cap holds, order holds, failures stay local.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeBatchRunnerTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    /// <summary>One rule per task: each stalls (so requests overlap) and answers with its own number.</summary>
    private static string NumberedScript(int count, int stallMs) => JsonSerializer.Serialize(new
    {
        rules = Enumerable.Range(0, count).Select(i => new
        {
            match = new { promptContains = $"#{i}#" },
            fault = new { stallMs },
            respond = new { text = $"answer {i}" },
        }),
    });

    [TestMethod]
    public async Task A_batch_of_10_with_max_concurrent_3_never_has_more_than_3_in_flight_and_keeps_order()
    {
        // Each request stalls long enough that three CLI processes started together are surely answered at the same time.
        await using var box = await RunnerSandbox.StartAsync(NumberedScript(10, 3000), Token, o => o.MaxConcurrentRuns = 10);
        var batch = new ClaudeBatchRunner(box.Runner);
        var requests = Enumerable.Range(0, 10).Select(i => box.Request($"task #{i}#")).ToList();

        var results = await batch.RunAsync(requests, maxConcurrent: 3, Token);

        Assert.HasCount(10, results);
        for (var i = 0; i < 10; i++)
        {
            Assert.AreEqual(i, results[i].Index);
            Assert.IsTrue(results[i].IsSuccess, $"task {i}: {results[i].Error}");
            Assert.AreEqual($"answer {i}", results[i].Result!.Text);
        }
        // Exactly 3: never more (the cap holds) and not fewer (the tasks really overlap).
        Assert.AreEqual(3, box.Server.Log.MaxInFlight, $"max in flight {box.Server.Log.MaxInFlight}");
        Assert.IsGreaterThanOrEqualTo(10, box.Server.Log.MessagesRequests.Count);
    }

    [TestMethod]
    public async Task One_failing_task_does_not_sink_the_batch()
    {
        await using var box = await RunnerSandbox.StartAsync(NumberedScript(3, 0), Token, o => o.MaxConcurrentRuns = 10);
        var batch = new ClaudeBatchRunner(box.Runner);
        var requests = new[]
        {
            box.Request("task #0#"),
            box.Request("task #1#") with { WorkingDirectory = Path.Combine(box.WorkingDirectory, "missing") },
            box.Request("task #2#"),
        };

        var results = await batch.RunAsync(requests, cancellationToken: Token);

        Assert.IsTrue(results[0].IsSuccess, results[0].Error);
        Assert.IsFalse(results[1].IsSuccess);
        Assert.Contains("WorkingDirectory", results[1].Error!);
        Assert.IsTrue(results[2].IsSuccess, results[2].Error);
        Assert.AreEqual("answer 2", results[2].Result!.Text);
    }

    [TestMethod]
    public async Task Max_concurrent_outside_1_to_50_is_refused()
    {
        await using var box = await RunnerSandbox.StartAsync(NumberedScript(1, 0), Token);
        var batch = new ClaudeBatchRunner(box.Runner);

        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => batch.RunAsync([box.Request("x")], 0, Token));
        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => batch.RunAsync([box.Request("x")], 51, Token));
    }
}
