using Agent.Activities.Cycle;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Tests.Learning;

/// <summary>AssessState's KPI source: the report from the knowledge base, and its headline figures kept as a series.</summary>
[TestClass]
public sealed class LearningKpiSourceTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Each_measurement_adds_a_point_per_defined_kpi_and_skips_undefined_ones()
    {
        await using var kb = new KnowledgeSandbox();
        var source = new LearningKpiSource(kb.Kpis, kb.Metrics);

        var empty = (KpiReport)(await source.MeasureAsync(Token))!;
        Assert.IsNull(empty.Autonomy.Rate);
        Assert.IsEmpty(await kb.Metrics.SeriesAsync("kpi.autonomy-rate", cancellationToken: Token), "no rate before anything was accepted");
        Assert.AreEqual(0, (await kb.Metrics.SeriesAsync("kpi.improvements-per-day", cancellationToken: Token)).Single().Value);

        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Accepted) with { Tokens = 300, CostUsd = 0.25 }, Token);
        await kb.Learning.RecordAttemptAsync(KnowledgeSandbox.Attempt("fix-build", ExperienceOutcome.Rejected) with { Tokens = 100, CostUsd = 0.05 }, Token);
        var report = (KpiReport)(await source.MeasureAsync(Token))!;

        Assert.AreEqual(1.0, report.Autonomy.Rate);
        Assert.AreEqual(1.0, (await kb.Metrics.SeriesAsync("kpi.autonomy-rate", cancellationToken: Token)).Single().Value);
        Assert.AreEqual(400.0, (await kb.Metrics.SeriesAsync("kpi.tokens-per-accepted", cancellationToken: Token)).Single().Value, "all tokens per accepted change");
        Assert.AreEqual(0.3, (await kb.Metrics.SeriesAsync("kpi.usd-per-accepted", cancellationToken: Token)).Single().Value, 1e-9);
        Assert.HasCount(2, await kb.Metrics.SeriesAsync("kpi.improvements-per-day", cancellationToken: Token));
    }
}
