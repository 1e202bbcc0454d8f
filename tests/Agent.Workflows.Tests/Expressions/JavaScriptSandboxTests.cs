using System.Diagnostics;
using Agent.Workflows.Expressions;
using Agent.Workflows.Expressions.JavaScript;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class JavaScriptSandboxTests
{
    private readonly JavaScriptExpressionEvaluator _js = new();

    private ExpressionException Fails(string script, TestScope? scope = null) =>
        Assert.ThrowsExactly<ExpressionException>(() => _js.Run<object>(script, scope));

    [TestMethod]
    public void SyntaxErrorShowsExpressionAndPosition()
    {
        var ex = Fails("var total = 1;\nvar x = ;");
        Assert.Contains("var total = 1; var x = ;", ex.Message);
        Assert.Contains("line 2, column 9", ex.Message);
        Assert.Contains("Unexpected token", ex.Message);
    }

    [TestMethod]
    public void ValidateParsesWithoutRunning()
    {
        Assert.IsNull(_js.Validate(ExpressionModel.JavaScript("while (true) {}")));
        Assert.AreEqual("syntax error at line 1, column 4: Unexpected end of input", _js.Validate(ExpressionModel.JavaScript("1 +")));
    }

    [TestMethod]
    public void RuntimeErrorShowsTheJavaScriptError()
    {
        var ex = Fails("var a = 1;\nfoo.bar");
        Assert.Contains("ReferenceError: foo is not defined", ex.Message);
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("var a = 1; foo.bar", ex.Message);
        Assert.Contains("Error: boom", Fails("throw new Error('boom')").Message);
    }

    [TestMethod]
    public void ThrownValuesThatAreNotErrorsAreShownAsJson()
    {
        Assert.Contains("threw {\"code\":5}", Fails("throw { code: 5 }").Message);
        Assert.Contains("threw \"plain\"", Fails("throw 'plain'").Message);
    }

    [TestMethod]
    public void PromiseThatNeverSettlesTimesOut()
    {
        var js = new JavaScriptExpressionEvaluator(new JavaScriptOptions { TimeoutMs = 300 });
        var ex = Assert.ThrowsExactly<ExpressionException>(() => js.Run<object>("(async () => { await new Promise(() => {}); })()"));
        Assert.Contains("timed out after 300 ms", ex.Message);
        Assert.AreEqual(5, js.Run<int>("(async () => 5)()"));
        Assert.Contains("rejected: Error: nope", Assert.ThrowsExactly<ExpressionException>(() =>
            js.Run<object>("(async () => { throw new Error('nope'); })()")).Message);
    }

    [TestMethod]
    public void LongExpressionIsTruncatedInMessages()
    {
        var script = "var s = '" + new string('x', 500) + "'; nope()";
        var ex = Fails(script);
        Assert.Contains("…", ex.Message);
        Assert.IsLessThan(400, ex.Message.Length);
        Assert.Contains("nope is not defined", ex.Message);
    }

    [TestMethod]
    public void InfiniteLoopTimesOut()
    {
        var watch = Stopwatch.StartNew();
        var ex = Fails("while (true) {}");
        watch.Stop();
        Assert.Contains("timed out after 2000 ms", ex.Message);
        Assert.Contains("while (true) {}", ex.Message);
        Assert.IsLessThan(TimeSpan.FromSeconds(6), watch.Elapsed);
    }

    [TestMethod]
    public void CatastrophicRegexTimesOut()
    {
        var js = new JavaScriptExpressionEvaluator(new JavaScriptOptions { TimeoutMs = 300 });
        var ex = Assert.ThrowsExactly<ExpressionException>(() => js.Run<object>("/(a+)+$/.test('a'.repeat(40) + '!')"));
        Assert.Contains("timed out after 300 ms", ex.Message);
    }

    [TestMethod]
    public void DeepRecursionFailsClearly()
    {
        var ex = Fails("function f(n) { return f(n + 1); } f(0)");
        Assert.Contains("recursion too deep", ex.Message);
        Assert.Contains("256", ex.Message);
    }

    [TestMethod]
    public void HugeAllocationHitsTheMemoryLimit()
    {
        // A long timeout, so on a loaded machine the memory limit, not the clock, is what stops the script.
        var js = new JavaScriptExpressionEvaluator(new JavaScriptOptions { TimeoutMs = 120_000 });
        var ex = Assert.ThrowsExactly<ExpressionException>(() => js.Run<object>("var a = []; while (true) a.push('item ' + a.length);"));
        Assert.Contains("memory limit exceeded", ex.Message);
    }

    [TestMethod]
    public void SingleHugeAllocationHitsTheMemoryLimit()
    {
        // One statement allocating 200 MB finishes before Jint's between-statement check.
        var ex = Fails("'x'.repeat(100000000)");
        Assert.Contains("memory limit exceeded", ex.Message);
    }

    [TestMethod]
    public void StatementLimitIsOptional()
    {
        var limited = new JavaScriptExpressionEvaluator(new JavaScriptOptions { MaxStatements = 100 });
        var ex = Assert.ThrowsExactly<ExpressionException>(() => limited.Run<object>("for (var i = 0; i < 1000; i++) { i; }"));
        Assert.Contains("statement limit exceeded", ex.Message);
        Assert.AreEqual(999, _js.Run<int>("var last; for (var i = 0; i < 1000; i++) { last = i; } last"));
    }

    [TestMethod]
    [DataRow("System.IO.File.ReadAllText('/etc/passwd')", "System is not defined")]
    [DataRow("importNamespace('System.IO')", "importNamespace is not defined")]
    [DataRow("clr.System", "clr is not defined")]
    [DataRow("getVariable.constructor('return importNamespace')()", "importNamespace is not defined")]
    public void ClrIsUnreachable(string script, string reason) =>
        Assert.Contains(reason, Fails(script).Message);

    [TestMethod]
    public void HostObjectsExposeNoClrMembers()
    {
        // Functions handed to scripts are plain JavaScript functions: no GetType, no reflection.
        Assert.AreEqual("undefined|undefined", _js.Run<string>("typeof getVariable.GetType + '|' + typeof getLastResult().GetType",
            new TestScope { LastResult = new Dictionary<string, object?>() }));
    }

    [TestMethod]
    public async Task CancellationAbortsARunningScript()
    {
        // The script itself cancels at its 1000th write, so the test knows exactly when the cancellation happened and
        // needs no clock: an endless loop that ends at all was aborted, and the writes that followed show whether any
        // work went on after it.
        const int CancelAt = 1000;
        using var cancellation = new CancellationTokenSource();
        var scope = new TestScope { CancellationToken = cancellation.Token };
        scope.Written = count => { if (count == CancelAt) cancellation.Cancel(); };

        var run = Task.Run(() => Assert.ThrowsExactly<OperationCanceledException>(() => _js.Run<object>("var i = 0; while (true) { setVariable('i', ++i); }", scope)));

        Assert.AreSame(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))), "an endless script was still running 30 s after its cancellation");
        Assert.AreEqual(cancellation.Token, (await run).CancellationToken);
        // The sandbox's functions refuse to run once the evaluation is cancelled: not one more write reaches the scope.
        Assert.HasCount(CancelAt, scope.Writes, $"{scope.Writes.Count - CancelAt} write(s) after the cancellation: the script went on after it was cancelled");
    }

    [TestMethod]
    public async Task CancellationAbortsALoopThatCallsNothing()
    {
        // Cancelled during the script's one write, before the loop: only Jint's own look at the token can end it.
        using var cancellation = new CancellationTokenSource();
        var scope = new TestScope { CancellationToken = cancellation.Token, Written = _ => cancellation.Cancel() };

        var run = Task.Run(() => Assert.ThrowsExactly<OperationCanceledException>(() => _js.Run<object>("setVariable('started', true); var i = 0; while (true) { i++; }", scope)));

        Assert.AreSame(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))), "an endless loop was still running 30 s after its cancellation");
        Assert.AreEqual(cancellation.Token, (await run).CancellationToken);
        Assert.HasCount(1, scope.Writes);
    }

    [TestMethod]
    public void StateDoesNotLeakBetweenEvaluations()
    {
        _js.Run<object>("globalThis.leak = 1; Array.prototype.evil = function () { return 'x'; }");
        Assert.AreEqual("undefined|undefined", _js.Run<string>("typeof leak + '|' + typeof [].evil"));
        var first = new TestScope().Declare("Secret", "s3cr3t");
        _js.Run<object>("getSecret()", first);
        Assert.AreEqual("undefined", _js.Run<string>("typeof getSecret"));
    }
}
