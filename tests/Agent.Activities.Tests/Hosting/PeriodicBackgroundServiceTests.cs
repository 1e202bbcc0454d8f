using System.Collections.Concurrent;
using Agent.Activities.Hosting;

namespace Agent.Activities.Tests.Hosting;

[TestClass]
public sealed class PeriodicBackgroundServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    /// <summary>Records its passes; the passes listed in <see cref="Throws"/> throw what it gives.</summary>
    private sealed class Recorder(TimeSpan interval, bool atStart = true, bool enabled = true) : PeriodicBackgroundService(TimeProvider.System)
    {
        public ConcurrentQueue<bool> Passes { get; } = new();
        public ConcurrentQueue<Exception> Failures { get; } = new();
        public Func<int, Exception?> Throws { get; init; } = _ => null;
        public Func<CancellationToken, Task>? Body { get; init; }
        public bool Stopped { get; private set; }
        public TaskCompletionSource ThirdPass { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override TimeSpan Interval => interval;
        protected override bool PassesAtStart => atStart;
        protected override bool IsEnabled => enabled;

        protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
        {
            Passes.Enqueue(first);
            if (Passes.Count == 3) ThirdPass.TrySetResult();
            if (Body is not null) await Body(stoppingToken);
            if (Throws(Passes.Count) is { } e) throw e;
        }

        protected override void OnPassFailed(Exception exception) => Failures.Enqueue(exception);

        protected override Task OnStoppedAsync()
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    [TestMethod]
    public async Task The_first_pass_runs_at_start_up_without_waiting_an_interval()
    {
        using var service = new Recorder(TimeSpan.FromHours(1));
        await service.StartAsync(Token);
        for (var i = 0; i < 500 && service.Passes.IsEmpty; i++) await Task.Delay(10, Token);
        await service.StopAsync(Token);

        CollectionAssert.AreEqual(new[] { true }, service.Passes.ToArray());
        Assert.IsTrue(service.Stopped);
    }

    [TestMethod]
    public async Task Without_a_pass_at_start_the_first_tick_is_the_first_pass()
    {
        using var service = new Recorder(TimeSpan.FromMilliseconds(20), atStart: false);
        await service.StartAsync(Token);
        await service.ThirdPass.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await service.StopAsync(Token);

        var passes = service.Passes.ToArray();
        Assert.IsTrue(passes[0], "the first tick's pass is the first");
        Assert.IsFalse(passes.Skip(1).Any(first => first), "only one pass is the first");
    }

    [TestMethod]
    public async Task A_failed_pass_is_reported_and_the_passes_go_on()
    {
        using var service = new Recorder(TimeSpan.FromMilliseconds(20))
        {
            // The first pass fails, the second times out inside (a cancellation that is not the shutdown's).
            Throws = n => n switch { 1 => new InvalidOperationException("database unreachable"), 2 => new TaskCanceledException("a query timed out"), _ => null },
        };
        await service.StartAsync(Token);
        await service.ThirdPass.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await service.StopAsync(Token);

        var failures = service.Failures.ToArray();
        Assert.HasCount(2, failures);
        Assert.AreEqual("database unreachable", failures[0].Message);
        Assert.IsInstanceOfType<TaskCanceledException>(failures[1]);
        Assert.IsNull(service.ExecuteTask!.Exception, "the service itself did not fail");
    }

    [TestMethod]
    public async Task Stopping_during_a_pass_is_not_a_failure_and_the_stop_hook_runs()
    {
        var inPass = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new Recorder(TimeSpan.FromHours(1))
        {
            Body = async stoppingToken =>
            {
                inPass.TrySetResult();
                await Task.Delay(Timeout.Infinite, stoppingToken);
            },
        };
        await service.StartAsync(Token);
        await inPass.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await service.StopAsync(Token);

        Assert.IsEmpty(service.Failures);
        Assert.IsTrue(service.Stopped);
        Assert.IsTrue(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [TestMethod]
    public async Task A_disabled_service_ends_at_once_without_a_pass()
    {
        using var service = new Recorder(TimeSpan.FromMilliseconds(10), enabled: false);
        await service.StartAsync(Token);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await Task.Delay(50, Token);

        Assert.IsEmpty(service.Passes);
        Assert.IsFalse(service.Stopped, "nothing ran, so there is nothing to drain");
    }
}
