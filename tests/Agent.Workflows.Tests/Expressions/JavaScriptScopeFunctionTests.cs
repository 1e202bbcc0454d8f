using Agent.Workflows.Expressions;
using Agent.Workflows.Expressions.JavaScript;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class JavaScriptScopeFunctionTests
{
    private readonly JavaScriptExpressionEvaluator _js = new();

    [TestMethod]
    public void GeneratedGetterAndSetterUsePascalizedNames()
    {
        var scope = new TestScope().Declare("orderTotal", 40L).Declare("Customer", new Dictionary<string, object?> { ["name"] = "Ada" });
        Assert.AreEqual(42, _js.Run<int>("setOrderTotal(getOrderTotal() + 2); getOrderTotal()", scope));
        Assert.AreEqual(42L, scope.Variables["orderTotal"]);
        Assert.AreEqual("Ada", _js.Run<string>("getCustomer().name", scope));
    }

    [TestMethod]
    public void NamesThatAreNotLettersAndDigitsGetNoAccessors()
    {
        var scope = new TestScope().Declare("order-total", 1L).Declare("my var", 2L);
        Assert.AreEqual("undefined", _js.Run<string>("typeof getOrder", scope));
        Assert.AreEqual(3, _js.Run<int>("getVariable('order-total') + getVariable('my var')", scope));
    }

    [TestMethod]
    public void BuiltInFunctionsWinOverGeneratedAccessors()
    {
        // A variable called "Variable" would generate getVariable(); Elsa's built-in keeps the name.
        var scope = new TestScope().Declare("Variable", "shadow").Declare("Other", "value");
        Assert.AreEqual("value", _js.Run<string>("getVariable('Other')", scope));
    }

    [TestMethod]
    public void OutputAccessorNamesAreSplitEveryWayTheyCanBe()
    {
        var candidates = ActivityOutputAccessors.Candidates("getDataFromMailFromBob");
        CollectionAssert.AreEqual(new[] { ("Data", "MailFromBob"), ("DataFromMail", "Bob") }, candidates.ToArray());
        Assert.IsEmpty(ActivityOutputAccessors.Candidates("getFromX"));
        Assert.IsEmpty(ActivityOutputAccessors.Candidates("get"));
        var scope = new TestScope().Output("m1", "MailFromBob", "Data", 3L);
        Assert.AreEqual(3, _js.Run<int>("getDataFromMailFromBob()", scope));
    }

    [TestMethod]
    public void GetVariableAndSetVariableWorkByNameAndId()
    {
        var scope = new TestScope().Declare("Count", 1L, id: "v-count");
        Assert.AreEqual(1L, _js.Run<object>("getVariable('v-count')", scope));
        _js.Run<object>("setVariable('Count', getVariable('Count') + 10); setVariable('Fresh', [1, 'a', {b: true}])", scope);
        Assert.AreEqual(11L, scope.Variables["Count"]);
        var fresh = (List<object?>)scope.Variables["Fresh"]!;
        Assert.AreEqual(1L, fresh[0]);
        Assert.AreEqual("a", fresh[1]);
        Assert.AreEqual(true, ((Dictionary<string, object?>)fresh[2]!)["b"]);
        Assert.IsNull(_js.Run<object>("getVariable('Nope')", scope));
    }

    [TestMethod]
    public void VariablesObjectWritesBackOnlyWhatChanged()
    {
        var scope = new TestScope().Declare("Total", 5L).Declare("Items", new List<object?> { "a" }).Declare("Untouched", "same");
        _js.Run<object>("variables.Total += 1; variables.Items.push('b'); variables.Added = 'new'; variables.Untouched", scope);
        Assert.AreEqual(6L, scope.Variables["Total"]);
        CollectionAssert.AreEqual(new List<object?> { "a", "b" }, (List<object?>)scope.Variables["Items"]!);
        Assert.AreEqual("new", scope.Variables["Added"]);
        CollectionAssert.AreEquivalent(new[] { "Total", "Items", "Added" }, scope.Writes.Select(w => w.Name).ToArray());
    }

    [TestMethod]
    public void SetterAndVariablesObjectStayInStep()
    {
        var scope = new TestScope().Declare("Total", 1L);
        Assert.AreEqual(7, _js.Run<int>("setTotal(7); variables.Total", scope));
        Assert.AreEqual(7L, scope.Variables["Total"]);
    }

    [TestMethod]
    public void ReadsWorkflowInput()
    {
        var scope = new TestScope();
        scope.InputValues["orderId"] = "A-1";
        scope.InputValues["Amount"] = 12.5;
        Assert.AreEqual("A-1", _js.Run<string>("getInput('orderId')", scope));
        Assert.AreEqual("A-1", _js.Run<string>("getInput('ORDERID')", scope));
        Assert.AreEqual("A-1|A-1|12.5", _js.Run<string>("getorderId() + '|' + getOrderId() + '|' + getAmount()", scope));
        Assert.IsNull(_js.Run<object>("getInput('missing')", scope));
    }

    [TestMethod]
    public void ReadsActivityOutputsByIdOrName()
    {
        var scope = new TestScope()
            .Output("a1", "HttpRequest1", "Result", new Dictionary<string, object?> { ["status"] = 200L })
            .Output("a2", "writeLine1", "Output", "done")
            .Output("a3", "plan", "result", new Dictionary<string, object?> { ["mode"] = "simple" });
        Assert.AreEqual(200, _js.Run<int>("getOutputFrom('HttpRequest1', 'Result').status", scope));
        Assert.AreEqual("simple", _js.Run<string>("getOutputFrom('plan').mode", scope), "outputs stored camelCased (as class activities store them) are found too");
        Assert.AreEqual(200, _js.Run<int>("getOutputFrom('a1').status", scope));
        Assert.AreEqual("done", _js.Run<string>("getOutputFrom('writeLine1')", scope));
        Assert.AreEqual(200, _js.Run<int>("getResultFromHttpRequest1().status", scope));
        Assert.AreEqual("done", _js.Run<string>("getOutputFromWriteLine1()", scope));
        Assert.IsNull(_js.Run<object>("getOutputFrom('a1', 'Missing')", scope));
    }

    [TestMethod]
    public void ReadsTheLastResult()
    {
        var scope = new TestScope { LastResult = new List<object?> { 1L, 2L, 3L } };
        Assert.AreEqual(6, _js.Run<int>("getLastResult().reduce((a, b) => a + b, 0)", scope));
    }

    [TestMethod]
    public void ReadsWorkflowIdentityAndChangesCorrelation()
    {
        var scope = new TestScope { InstanceId = "i-9", DefinitionId = "d-3", CorrelationId = "old" };
        Assert.AreEqual("i-9/d-3/old", _js.Run<string>("getWorkflowInstanceId() + '/' + getWorkflowDefinitionId() + '/' + getCorrelationId()", scope));
        _js.Run<object>("setCorrelationId('order-' + 42)", scope);
        Assert.AreEqual("order-42", scope.CorrelationId);
        Assert.IsTrue(_js.Run<bool>("setCorrelationId(null); getCorrelationId() === null", scope));
    }

    [TestMethod]
    public void ResultsAreConvertedToTheTargetType()
    {
        Assert.AreEqual(7, _js.Run<int>("3 + 4"));
        Assert.AreEqual(2, _js.Run<int>("5 / 2")); // 2.5 rounds half to even
        Assert.IsTrue(_js.Run<bool>("'abc'.length === 3"));
        Assert.AreEqual("ab", _js.Run<string>("'a' + 'b'"));
        Assert.AreEqual("12", _js.Run<string>("6 * 2"));
        Assert.AreEqual(7L, _js.Run<object>("return 7;"));
        Assert.AreEqual(0.5, _js.Run<object>("1 / 2"));
        Assert.IsNull(_js.Run<object>("undefined"));
        Assert.AreEqual(TimeSpan.FromSeconds(5), _js.Run<TimeSpan>("'00:00:05'"));
        Assert.AreEqual(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), _js.Run<DateTimeOffset>("new Date(Date.UTC(2024, 0, 2))"));
        var map = _js.Run<Dictionary<string, object?>>("({ a: [1, 2.5], f: function () {}, u: undefined, n: null })")!;
        CollectionAssert.AreEqual(new List<object?> { 1L, 2.5 }, (List<object?>)map["a"]!);
        CollectionAssert.AreEquivalent(new[] { "a", "n" }, map.Keys.ToArray());
    }

    [TestMethod]
    public void ResultThatCannotBeConvertedIsAnExpressionError()
    {
        var ex = Assert.ThrowsExactly<ExpressionException>(() => _js.Run<int>("'abc'"));
        Assert.Contains("'abc'", ex.Message);
        Assert.Contains("cannot convert 'abc' to Int32", ex.Message);
    }

    [TestMethod]
    public void CircularResultIsAnExpressionError()
    {
        var ex = Assert.ThrowsExactly<ExpressionException>(() => _js.Run<object>("var o = {}; o.self = o; o"));
        Assert.Contains("circular", ex.Message);
    }
}
