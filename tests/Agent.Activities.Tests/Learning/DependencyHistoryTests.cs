using Agent.Activities.Assessment;
using Agent.Activities.Learning;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Learning;

/// <summary>The technology tracker's history in the knowledge base (the <c>dependency_observations</c> migration).</summary>
[TestClass]
public sealed class DependencyHistoryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Observations_of_a_package_are_kept_per_target_in_time_order()
    {
        var folder = TempFolder.Create("agent-dependency-history");
        try
        {
            await using var services = new ServiceCollection().AddLearning(o => o.DatabasePath = Path.Combine(folder, "knowledge_base.db")).BuildServiceProvider();
            var history = services.GetServices<IDependencyHistory>().Single();
            var monday = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
            await history.RecordAsync("/repo/a", [new DependencyStatus("nuget", "Foo", "1.0.0", "1.1.0", null), new DependencyStatus("nuget", "Bar", "2.0.0", "3.0.0", null)], monday, TestContext.CancellationToken);
            await history.RecordAsync("/repo/a", [new DependencyStatus("nuget", "Foo", "1.0.0", "1.2.0", "High https://github.com/advisories/GHSA-1")], monday.AddDays(7), TestContext.CancellationToken);
            await history.RecordAsync("/repo/b", [new DependencyStatus("npm", "Foo", "0.1.0", "0.2.0", null)], monday.AddDays(8), TestContext.CancellationToken);

            var foo = await history.HistoryAsync("/repo/a", "Foo", TestContext.CancellationToken);

            CollectionAssert.AreEqual(new[] { monday, monday.AddDays(7) }, foo.Select(o => o.At).ToList());
            Assert.AreEqual("1.1.0", foo[0].Status.Latest);
            Assert.AreEqual(new DependencyStatus("nuget", "Foo", "1.0.0", "1.2.0", "High https://github.com/advisories/GHSA-1"), foo[1].Status);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempFolder.Delete(folder);
        }
    }
}
