using Agent.Workflows.Expressions.JavaScript;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class JavaScriptCacheTests
{
    [TestMethod]
    public void SameScriptIsParsedOnce()
    {
        var js = new JavaScriptExpressionEvaluator();
        var scope = new TestScope().Declare("Counter", 0L);
        for (var i = 0; i < 1000; i++) js.Run<object>("setCounter(getCounter() + 1)", scope);
        Assert.AreEqual(1000L, scope.Variables["Counter"]);
        Assert.AreEqual(1L, js.ParseCount);

        js.Run<object>("getCounter() * 2", scope);
        Assert.AreEqual(2L, js.ParseCount);
    }

    [TestMethod]
    public void SyntaxErrorsAreCachedToo()
    {
        var js = new JavaScriptExpressionEvaluator();
        for (var i = 0; i < 10; i++) Assert.IsNotNull(js.Validate(ExpressionModel.JavaScript("1 +")));
        Assert.AreEqual(1L, js.ParseCount);
    }

    [TestMethod]
    public void CacheIsBounded()
    {
        var js = new JavaScriptExpressionEvaluator(new JavaScriptOptions { ScriptCacheCapacity = 4 });
        for (var i = 0; i < 10; i++) js.Run<object>($"{i} + 1");
        Assert.AreEqual(10L, js.ParseCount);
        // The first script fell out when the cache filled up, so it is parsed again.
        js.Run<object>("0 + 1");
        Assert.AreEqual(11L, js.ParseCount);
    }

    [TestMethod]
    public void ConcurrentEvaluationsShareTheCacheSafely()
    {
        var js = new JavaScriptExpressionEvaluator();
        var results = new int[64];
        Parallel.For(0, results.Length, i =>
        {
            var scope = new TestScope().Declare("N", (long)i);
            results[i] = js.Run<int>("getN() * 2", scope);
        });
        CollectionAssert.AreEqual(Enumerable.Range(0, 64).Select(i => i * 2).ToArray(), results);
        Assert.AreEqual(1L, js.ParseCount);
    }
}
