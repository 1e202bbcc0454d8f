using Agent.Workflows.Expressions;
using Agent.Workflows.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class ExpressionEvaluatorRegistryTests
{
    [TestMethod]
    public void DispatchesBySyntaxIgnoringCase()
    {
        var registry = ExpressionEvaluatorRegistry.CreateDefault();
        var scope = new TestScope();
        Assert.AreEqual(3, registry.Evaluate(new ExpressionModel("javascript", ExpressionModel.JavaScript("1 + 2").Value), typeof(int), scope));
        Assert.AreEqual("x", registry.Evaluate(new ExpressionModel("LITERAL", ExpressionModel.Literal("x").Value), typeof(string), scope));
    }

    [TestMethod]
    public void NullExpressionGivesDefault()
    {
        var registry = ExpressionEvaluatorRegistry.CreateDefault();
        Assert.AreEqual(0, registry.Evaluate(null, typeof(int), new TestScope()));
        Assert.IsNull(registry.Evaluate(null, typeof(string), new TestScope()));
        Assert.IsNull(registry.Validate(null));
    }

    [TestMethod]
    public void UnknownSyntaxListsTheKnownOnes()
    {
        var registry = ExpressionEvaluatorRegistry.CreateDefault();
        var expression = new ExpressionModel("Liquid", ExpressionModel.Literal("{{ x }}").Value);
        var ex = Assert.ThrowsExactly<ExpressionException>(() => registry.Evaluate(expression, typeof(string), new TestScope()));
        Assert.Contains("'Liquid'", ex.Message);
        Assert.Contains("JavaScript, Literal, Object, Variable", ex.Message);
        Assert.Contains("'Liquid'", registry.Validate(expression)!);
    }

    [TestMethod]
    public void ValidateDelegatesToTheEvaluator()
    {
        var registry = ExpressionEvaluatorRegistry.CreateDefault();
        Assert.IsNull(registry.Validate(ExpressionModel.JavaScript("1 + 1")));
        Assert.Contains("syntax error", registry.Validate(ExpressionModel.JavaScript("1 +"))!);
    }

    [TestMethod]
    public void ResolvesFromDependencyInjection()
    {
        using var provider = new ServiceCollection()
            .AddWorkflowExpressions(o => o.TimeoutMs = 500)
            .BuildServiceProvider();
        var registry = provider.GetRequiredService<ExpressionEvaluatorRegistry>();
        CollectionAssert.AreEqual(new[] { "JavaScript", "Literal", "Object", "Variable" }, registry.Syntaxes.ToArray());
        var ex = Assert.ThrowsExactly<ExpressionException>(() =>
            registry.Evaluate(ExpressionModel.JavaScript("while(true){}"), typeof(object), new TestScope()));
        Assert.Contains("timed out after 500 ms", ex.Message);
    }

    [TestMethod]
    public void LaterEvaluatorReplacesAnEarlierOneForTheSameSyntax()
    {
        var registry = new ExpressionEvaluatorRegistry([new LiteralExpressionEvaluator(), new ConstantEvaluator()]);
        Assert.AreEqual("constant", registry.Evaluate(ExpressionModel.Literal("ignored"), typeof(string), new TestScope()));
    }

    private sealed class ConstantEvaluator : IExpressionEvaluator
    {
        public string Syntax => "literal";
        public object? Evaluate(ExpressionModel expression, Type targetType, IExpressionScope scope) => "constant";
        public string? Validate(ExpressionModel expression) => null;
    }
}
