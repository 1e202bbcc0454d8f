using System.Text.RegularExpressions;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed partial class RandomIdsTests
{
    [GeneratedRegex("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$")]
    private static partial Regex Version4 { get; }

    [TestMethod]
    public void IdsAreDistinctVersion4UuidsInTheFormOfGuidN()
    {
        var ids = new RandomIds();
        // More than one buffer's worth, so a refill is crossed.
        var made = Enumerable.Range(0, 1_000).Select(_ => ids.Next()).ToList();
        Assert.AreEqual(made.Count, made.Distinct(StringComparer.Ordinal).Count());
        foreach (var id in made)
        {
            Assert.IsTrue(Version4.IsMatch(id), id);
            Assert.IsTrue(Guid.TryParseExact(id, "N", out _), id);
        }
    }

    [TestMethod]
    public void TwoGeneratorsDoNotRepeatEachOther()
    {
        var a = Enumerable.Range(0, 300).Select(_ => new RandomIds().Next());
        var b = new RandomIds();
        var all = a.Concat(Enumerable.Range(0, 300).Select(_ => b.Next())).ToList();
        Assert.AreEqual(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [TestMethod]
    public async Task ConcurrentCallersGetDistinctIds()
    {
        var ids = new RandomIds();
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 2_000).Select(_ => ids.Next()).ToList())));
        var all = batches.SelectMany(x => x).ToList();
        Assert.AreEqual(8_000, all.Distinct(StringComparer.Ordinal).Count());
    }
}
