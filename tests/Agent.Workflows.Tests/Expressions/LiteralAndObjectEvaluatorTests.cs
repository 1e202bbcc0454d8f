using System.Text.Json;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class LiteralAndObjectEvaluatorTests
{
    private static ExpressionModel Expression(string type, string json) => new(type, JsonDocument.Parse(json).RootElement.Clone());

    [TestMethod]
    public void LiteralConvertsElsaStyleStringsToTheInputType()
    {
        var evaluator = new LiteralExpressionEvaluator();
        var scope = new TestScope();
        Assert.AreEqual(5, evaluator.Evaluate(Expression("Literal", "\"5\""), typeof(int), scope));
        Assert.AreEqual("Hello", evaluator.Evaluate(ExpressionModel.Literal("Hello"), typeof(string), scope));
        Assert.AreEqual(true, evaluator.Evaluate(Expression("Literal", "true"), typeof(bool), scope));
        Assert.AreEqual(TimeSpan.FromSeconds(30), evaluator.Evaluate(Expression("Literal", "\"00:00:30\""), typeof(TimeSpan), scope));
        Assert.IsNull(evaluator.Evaluate(new ExpressionModel("Literal", null), typeof(string), scope));
        Assert.AreEqual(0, evaluator.Evaluate(new ExpressionModel("Literal", null), typeof(int), scope));
        Assert.IsNull(evaluator.Validate(ExpressionModel.Literal("anything")));
    }

    [TestMethod]
    public void LiteralThatCannotBeConvertedNamesValueAndType()
    {
        var ex = Assert.ThrowsExactly<ExpressionException>(() =>
            new LiteralExpressionEvaluator().Evaluate(ExpressionModel.Literal("abc"), typeof(int), new TestScope()));
        Assert.Contains("cannot convert 'abc' to Int32", ex.Message);
    }

    [TestMethod]
    public void ObjectParsesJsonText()
    {
        var evaluator = new ObjectExpressionEvaluator();
        var value = evaluator.Evaluate(Expression("Object", "\"{\\\"a\\\": [1, 2]}\""), typeof(Dictionary<string, object?>), new TestScope());
        var map = (Dictionary<string, object?>)value!;
        CollectionAssert.AreEqual(new List<object?> { 1L, 2L }, (List<object?>)map["a"]!);
        Assert.IsNull(evaluator.Evaluate(Expression("Object", "\"\""), typeof(object), new TestScope()));
    }

    [TestMethod]
    public void ObjectReportsInvalidJson()
    {
        var evaluator = new ObjectExpressionEvaluator();
        var broken = Expression("Object", "\"{ not json\"");
        Assert.IsNotNull(evaluator.Validate(broken));
        var ex = Assert.ThrowsExactly<ExpressionException>(() => evaluator.Evaluate(broken, typeof(object), new TestScope()));
        Assert.Contains("{ not json", ex.Message);
    }
}
