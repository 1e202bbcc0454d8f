using Agent.Workflows.Expressions;
using Agent.Workflows.Expressions.JavaScript;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class JavaScriptHelperFunctionTests
{
    private readonly JavaScriptExpressionEvaluator _js = new();

    [TestMethod]
    public void NullOrEmptyChecks()
    {
        Assert.AreEqual("true,true,false,true,false", _js.Run<string>(
            "[isNullOrEmpty(null), isNullOrEmpty(''), isNullOrEmpty(' '), isNullOrWhiteSpace(' '), isNullOrWhiteSpace('x')].join()"));
    }

    [TestMethod]
    public void GuidHelpersReturnStrings()
    {
        var guid = Guid.Parse(_js.Run<string>("newGuid()")!);
        Assert.AreNotEqual(Guid.Empty, guid);
        Assert.IsTrue(Guid.TryParse(_js.Run<string>("newGuidString()"), out _));
        Assert.AreEqual("0f8fad5b-d9cb-469f-a165-70867728950e", _js.Run<string>("parseGuid('{0F8FAD5B-D9CB-469F-A165-70867728950E}')"));
        var shortGuid = _js.Run<string>("newShortGuid()")!;
        Assert.IsLessThanOrEqualTo(22, shortGuid.Length);
        Assert.IsFalse(shortGuid.Contains('=') || shortGuid.Contains('/') || shortGuid.Contains('+'));
    }

    [TestMethod]
    public void BadArgumentsBecomeCatchableErrors()
    {
        Assert.AreEqual("Error: parseGuid: 'nope' is not a GUID", _js.Run<string>("try { parseGuid('nope') } catch (e) { String(e) }"));
        var ex = Assert.ThrowsExactly<ExpressionException>(() => _js.Run<string>("stringFromBase64('***')"));
        Assert.Contains("not valid base64", ex.Message);
    }

    [TestMethod]
    public void ToJsonWritesCompactJson()
    {
        Assert.AreEqual("{\"a\":1,\"b\":[true,null],\"c\":\"é\"}", _js.Run<string>("toJson({ a: 1, b: [true, null], c: 'é' })"));
        Assert.AreEqual(3, _js.Run<int>("JSON.parse(toJson({ n: 3 })).n"));
    }

    [TestMethod]
    public void Base64AndBytes()
    {
        Assert.AreEqual("aMOpbGxv", _js.Run<string>("stringToBase64('héllo')"));
        Assert.AreEqual("héllo", _js.Run<string>("stringFromBase64('aMOpbGxv')"));
        Assert.AreEqual("104,105", _js.Run<string>("bytesFromString('hi').join()"));
        Assert.AreEqual("hi", _js.Run<string>("bytesToString([104, 105])"));
        Assert.AreEqual("aGk=", _js.Run<string>("bytesToBase64(new Uint8Array([104, 105]))"));
        Assert.AreEqual(2, _js.Run<int>("bytesFromBase64('aGk=').length"));
    }
}
