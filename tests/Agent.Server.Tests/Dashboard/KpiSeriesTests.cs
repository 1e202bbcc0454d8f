using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Persistence;

namespace Agent.Server.Tests.Dashboard;

/// <summary>The KPI series the dashboard charts: one point per UTC day with stored data, each the KPIs of everything up to that day's end.</summary>
[TestClass]
public sealed class KpiSeriesTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 6, 12, 0, 0, TimeSpan.Zero);

    private static KpiAttempt Attempt(string id, DateTimeOffset finished, ExperienceOutcome outcome, bool verified = true, bool human = false, double usd = 0.5, long tokens = 1000, string type = "fix-test") =>
        new(id, type, outcome, verified, human, false, 3, 60_000, tokens, usd, finished.AddMinutes(-5), finished);

    [TestMethod]
    public void Nothing_stored_gives_no_points()
    {
        Assert.IsEmpty(KpiSeriesCalculator.Compute([], [], 7, Now));
    }

    [TestMethod]
    public void Each_day_with_attempts_gets_the_KPIs_of_everything_finished_by_its_end_and_quiet_days_get_no_point()
    {
        var attempts = new[]
        {
            Attempt("a1", Day1, ExperienceOutcome.Failed),
            Attempt("a2", Day1.AddHours(1), ExperienceOutcome.Accepted),
            Attempt("a3", Day1.AddDays(2), ExperienceOutcome.Accepted, human: true, usd: 1.5, tokens: 3000),
        };

        var points = KpiSeriesCalculator.Compute(attempts, [], 7, Now);

        CollectionAssert.AreEqual(new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 4) }, points.Select(p => p.Day).ToArray(), "no point for the quiet 3 November");
        var first = points[0];
        Assert.AreEqual(1.0, first.AutonomyRate);
        Assert.AreEqual(1.0 / 7, first.ImprovementsPerDay, 1e-9);
        Assert.AreEqual(2.0, first.AttemptsPerSuccess, "the first success took two attempts");
        Assert.AreEqual(1.0, first.UsdPerAccepted!.Value, 1e-9, "USD of both attempts / one accepted");
        Assert.AreEqual(2000.0, first.TokensPerAccepted);
        Assert.AreEqual(2, first.Attempts);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 2, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), first.AsOf);
        var second = points[1];
        Assert.AreEqual(0.5, second.AutonomyRate, "one of two accepted needed a human");
        Assert.AreEqual(2.0 / 7, second.ImprovementsPerDay, 1e-9);
        Assert.AreEqual(1.0, second.AttemptsPerSuccess, "the latest success took one attempt");
        Assert.AreEqual(1.25, second.UsdPerAccepted!.Value, 1e-9);
        Assert.IsNull(second.ErrorRecoveryRate, "no errors were encountered");
    }

    [TestMethod]
    public void An_unverified_accept_is_no_success_and_leaves_the_rates_undefined()
    {
        var points = KpiSeriesCalculator.Compute([Attempt("a1", Day1, ExperienceOutcome.Accepted, verified: false)], [], 7, Now);

        Assert.HasCount(1, points);
        Assert.IsNull(points[0].AutonomyRate);
        Assert.AreEqual(0.0, points[0].ImprovementsPerDay);
        Assert.IsNull(points[0].AttemptsPerSuccess);
        Assert.IsNull(points[0].UsdPerAccepted);
    }

    [TestMethod]
    public void Error_recovery_counts_an_error_as_recovered_from_the_day_its_solution_was_recorded()
    {
        var errors = new[] { new KpiError(Day1, Day1.AddDays(1)), new KpiError(Day1.AddHours(2), null) };

        var points = KpiSeriesCalculator.Compute([], errors, 7, Now);

        Assert.HasCount(2, points);
        Assert.AreEqual(0.0, points[0].ErrorRecoveryRate);
        Assert.AreEqual(0.5, points[1].ErrorRecoveryRate);
        Assert.AreEqual(new DateOnly(2026, 11, 3), points[1].Day);
    }

    [TestMethod]
    public void Today_is_computed_as_of_now_and_the_velocity_window_slides()
    {
        var attempts = new[] { Attempt("old", Day1, ExperienceOutcome.Accepted), Attempt("today", Now.AddHours(-1), ExperienceOutcome.Accepted), Attempt("future", Now.AddDays(1), ExperienceOutcome.Accepted) };

        var points = KpiSeriesCalculator.Compute(attempts, [], 2, Now);

        Assert.HasCount(2, points, "an attempt stamped after now gets no point");
        Assert.AreEqual(Now, points[1].AsOf);
        Assert.AreEqual(0.5, points[1].ImprovementsPerDay, 1e-9, "only today's accept lies in the 2-day window");
        Assert.AreEqual(2, points[1].Attempts);
    }
}
