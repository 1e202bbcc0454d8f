using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>Echo loops and deadlocks over the real message bus on SQLite.</summary>
[TestClass]
public sealed class MessageDetectorsTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-detection-messages");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task The_same_message_bouncing_between_two_agents_is_an_echo_loop()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.RegisterAsync(("agent-a", AgentStatuses.Working), ("agent-b", AgentStatuses.Working), ("agent-c", AgentStatuses.Working));
        for (var i = 1; i <= 2; i++)
        {
            // Retry counters and spacing differ; normalized, it is one message.
            await host.SendAsync("task", "agent-a", "agent-b", $$"""{ "title": "Fix  CalcTests (attempt {{i}})" }""");
            await host.SendAsync("task", "agent-b", "agent-a", $$"""{ "title": "fix CalcTests (attempt {{i + 10}})" }""");
        }
        await host.SendAsync("task", "agent-a", "agent-c", """{ "title": "Fix CalcTests (attempt 1)" }""");

        var finding = (await host.DetectAsync(DetectorNames.EchoLoop)).Single();

        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, finding.Agents.ToArray());
        Assert.AreEqual(4, finding.Evidence["repeats"]!.GetValue<int>());
        Assert.AreEqual("task", finding.Evidence["type"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Different_messages_heartbeats_and_old_messages_are_no_echo_loop()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.RegisterAsync(("agent-a", AgentStatuses.Working), ("agent-b", AgentStatuses.Working));
        foreach (var title in new[] { "Fix CalcTests", "Add Sub", "Document Calc", "Refactor Add" })
            await host.SendAsync("task", "agent-a", "agent-b", $$"""{ "title": "{{title}}" }""");
        for (var i = 0; i < 6; i++) await host.SendAsync("heartbeat", "agent-a", "agent-b", """{ "status": "working" }""");
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.EchoLoop));

        for (var i = 0; i < 4; i++) await host.SendAsync("task", "agent-a", "agent-b", """{ "title": "Same again" }""");
        Assert.HasCount(1, await host.DetectAsync(DetectorNames.EchoLoop));
        host.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.EchoLoop), "outside the ten-minute window");
    }

    [TestMethod]
    public async Task The_same_failure_across_three_agents_is_an_echo_loop_and_across_two_is_not()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.RegisterAsync(("lead", AgentStatuses.Working), ("agent-a", AgentStatuses.Working), ("agent-b", AgentStatuses.Working), ("agent-c", AgentStatuses.Working));
        await host.SendAsync("result", "agent-a", "lead", """{ "status": "failed", "summary": "Build failed: src/Calc.cs(12,5): error CS1002: ; expected" }""");
        await host.SendAsync("result", "agent-b", "lead", """{ "status": "failed", "summary": "build failed:  src/Calc.cs(40,9): error CS1002: ; expected" }""");
        await host.SendAsync("result", "agent-c", "lead", """{ "status": "failed", "summary": "Tests failed: CalcTests.Add" }""");
        await host.SendAsync("result", "agent-c", "lead", """{ "status": "succeeded", "summary": "Build failed: src/Calc.cs(1,1): error CS1002: ; expected" }""");
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.EchoLoop));

        await host.SendAsync("result", "agent-c", "lead", """{ "status": "failed", "summary": "Build failed: src/Calc.cs(7,1): error CS1002: ; expected" }""");
        var finding = (await host.DetectAsync(DetectorNames.EchoLoop)).Single();
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b", "agent-c" }, finding.Agents.ToArray());
        Assert.AreEqual("build failed: src/calc.cs(#,#): error cs#: ; expected", finding.Evidence["failure"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Every_live_agent_waiting_on_another_is_a_deadlock()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.RegisterAsync(("agent-a", AgentStatuses.Waiting), ("agent-b", AgentStatuses.Waiting), ("agent-c", AgentStatuses.Working), ("gone", AgentStatuses.Idle));
        await host.SendAsync("question", "agent-a", "agent-b", """{ "text": "Which API?" }""");
        await host.SendAsync("question", "agent-b", "agent-a", """{ "text": "Which schema?" }""");
        await host.Agents.SetStatusAsync("gone", AgentStatuses.Stopped);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Deadlock), "agent-c still works: the coordination can move");

        await host.SendAsync("question", "agent-c", "agent-a", """{ "text": "Is the API settled?" }""");
        await host.Agents.SetStatusAsync("agent-c", AgentStatuses.Waiting);
        var finding = (await host.DetectAsync(DetectorNames.Deadlock)).Single();

        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b", "agent-c" }, finding.Agents.ToArray());
        Assert.AreEqual(3, finding.Evidence["waits"]!.AsArray().Count);
    }

    [TestMethod]
    public async Task Any_wait_cycle_is_a_deadlock_when_configured_and_an_answer_breaks_it()
    {
        await using var host = await DetectionHost.OpenAsync(_folder, new Dictionary<string, string?> { ["Coordination:Detection:Deadlock:AnyCycle"] = "true" });
        await host.RegisterAsync(("agent-a", AgentStatuses.Waiting), ("agent-b", AgentStatuses.Waiting), ("agent-c", AgentStatuses.Working));
        var question = await host.SendAsync("question", "agent-a", "agent-b", """{ "text": "Which API?" }""");
        await host.SendAsync("question", "agent-b", "agent-a", """{ "text": "Which schema?" }""");

        var finding = (await host.DetectAsync(DetectorNames.Deadlock)).Single();
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, finding.Agents.ToArray());

        await host.SendAsync("answer", "agent-b", "agent-a", """{ "text": "REST" }""", correlationId: question);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Deadlock));
    }

    [TestMethod]
    public void Wait_cycles_are_found_in_long_chains_without_recursion()
    {
        var next = Enumerable.Range(0, 5000).ToDictionary(i => $"a{i}", i => new List<string> { $"a{(i + 1) % 5000}" });
        next["x"] = ["a0"];
        var components = WaitCycles.Find(next);
        Assert.HasCount(5000, components.Single(c => c.Count > 1));
        Assert.IsTrue(components.Any(c => c.SequenceEqual(["x"])));
    }
}
