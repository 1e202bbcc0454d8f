using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.Validation;

namespace Agent.Activities.Tests.Validation;

/// <summary>The proof for an update-dependency gap of one package.</summary>
[TestClass]
public sealed class DependencyClosureTests
{
    private static readonly DependencyStatus Old = new("nuget", "Foo", "1.2.0", "2.0.0", null);
    private static readonly DependencyStatus Other = new("nuget", "Bar", "1.0.0", "1.1.0", null);

    private static Measurement Measured(params DependencyStatus[] dependencies) => new()
    {
        Dependencies = dependencies,
        Metrics = new Dictionary<string, double> { [MetricCatalog.DepsOutdated] = dependencies.Count(d => d.Outdated), [MetricCatalog.DepsVulnerable] = dependencies.Count(d => d.Advisory is not null) },
    };

    private static readonly Gap FooGap = new()
    {
        Key = "update-dependency:Foo", TaskType = TaskTypes.UpdateDependency, GoalId = "g", GoalTitle = "fresh", Metric = MetricCatalog.DepsOutdated,
        Target = "deps.outdated ≤ 0", Subject = "Foo", Summary = "Update Foo",
    };

    [TestMethod]
    public void The_gap_closes_when_the_package_is_no_longer_listed_and_stays_open_when_only_another_moved()
    {
        var before = Measured(Old, Other);

        var closed = GapClosure.Check(FooGap, before, Measured(Other));
        var open = GapClosure.Check(FooGap, before, Measured(Old));

        Assert.IsTrue(closed.Closed);
        Assert.AreEqual("Foo is no longer outdated or vulnerable (was Foo 1.2.0 → 2.0.0)", closed.Evidence);
        Assert.IsFalse(open.Closed);
        Assert.AreEqual("Foo is still outdated: Foo 1.2.0 → 2.0.0", open.Evidence);
    }

    [TestMethod]
    public void A_package_still_listed_closes_only_at_the_wanted_version_without_an_advisory()
    {
        var before = Measured(Old);

        Assert.IsTrue(GapClosure.Check(FooGap, before, Measured(Old with { Current = "2.0.0", Latest = "2.1.0" })).Closed, "a newer release appeared meanwhile");
        Assert.IsFalse(GapClosure.Check(FooGap, before, Measured(Old with { Current = "2.0.0-rc.1", Latest = "2.1.0" })).Closed, "a pre-release is below its release");
        Assert.AreEqual("Foo 2.0.0 is still vulnerable (High https://github.com/advisories/GHSA-x)",
            GapClosure.Check(FooGap, before, Measured(Old with { Current = "2.0.0", Latest = null, Advisory = "High https://github.com/advisories/GHSA-x" })).Evidence);
    }

    [TestMethod]
    public void A_failing_build_or_unchecked_packages_prove_nothing()
    {
        var before = Measured(Old);

        Assert.AreEqual("the build fails after the update", GapClosure.Check(FooGap, before, Measured() with { HasBuild = true, BuildSucceeded = false }).Evidence);
        Assert.Contains("could not be checked", GapClosure.Check(FooGap, before, new Measurement()).Evidence);
    }

    [TestMethod]
    [DataRow("2.0.0", "2.0.0", true)]
    [DataRow("2.0.1", "2.0.0", true)]
    [DataRow("10.0.0", "9.1.0", true)]
    [DataRow("1.9.9", "2.0.0", false)]
    [DataRow("2.0.0-beta", "2.0.0", false)]
    [DataRow("2.0.0", "2.0.0-beta", true)]
    [DataRow("^3.1.0", "3.1", true)]
    public void Versions_compare_by_their_numbers(string version, string wanted, bool atLeast) =>
        Assert.AreEqual(atLeast, DependencyClosure.AtLeast(version, wanted));
}
