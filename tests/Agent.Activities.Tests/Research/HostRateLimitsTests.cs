using Agent.Activities.Research.Http;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Research;

[TestClass]
public sealed class HostRateLimitsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Each_host_has_its_own_bucket_and_a_spent_one_makes_the_next_request_wait()
    {
        using var limits = new HostRateLimits(Options.Create(new OutboundHttpOptions { PermitsPerSecond = 1 }));
        using var a1 = new HttpRequestMessage(HttpMethod.Get, "http://a.test/one");
        using var a2 = new HttpRequestMessage(HttpMethod.Get, "http://a.test/two");
        using var b1 = new HttpRequestMessage(HttpMethod.Get, "http://b.test/one");

        using var first = await limits.AcquireAsync(a1, TestContext.CancellationToken);
        var second = limits.AcquireAsync(a2, TestContext.CancellationToken);
        var otherHost = limits.AcquireAsync(b1, TestContext.CancellationToken);

        Assert.IsTrue(first.IsAcquired);
        // The bucket refills once a second: right after the first permit, a.test's second request is queued while
        // b.test's bucket answers at once.
        Assert.IsFalse(second.IsCompleted, "a.test's one permit per second is spent");
        Assert.IsTrue(otherHost.IsCompleted, "another host is not held back by a.test's bucket");
        using var other = await otherHost;
        Assert.IsTrue(other.IsAcquired);
        using var waited = await second;
        Assert.IsTrue(waited.IsAcquired, "the queued request gets its permit when the bucket refills");
    }
}
