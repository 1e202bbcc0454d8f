using System.Text.Json;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Expressions;

[TestClass]
public sealed class VariableExpressionEvaluatorTests
{
    private static readonly VariableExpressionEvaluator Evaluator = new();

    private static ExpressionModel Variable(string valueJson) => new("Variable", JsonDocument.Parse(valueJson).RootElement.Clone());

    private static TestScope Scope() => new TestScope().Declare("Counter", 41L, id: "8f3e2a").Declare("Name", "Ada", id: "c0ffee");

    [TestMethod]
    public void ReadsAVariableObjectAsTheServerWritesIt()
    {
        var expression = Variable("""{"id":"8f3e2a","name":"Counter","typeName":"Int32","isArray":false}""");
        Assert.AreEqual(41, Evaluator.Evaluate(expression, typeof(int), Scope()));
    }

    [TestMethod]
    public void ReadsAVariableObjectSerializedAsAStringAsStudioWritesIt()
    {
        var expression = Variable("\"{\\\"id\\\":\\\"c0ffee\\\",\\\"name\\\":\\\"Name\\\",\\\"typeName\\\":\\\"String\\\"}\"");
        Assert.AreEqual("Ada", Evaluator.Evaluate(expression, typeof(string), Scope()));
    }

    [TestMethod]
    public void ReadsABareNameOrId()
    {
        Assert.AreEqual("41", Evaluator.Evaluate(Variable("\"Counter\""), typeof(string), Scope()));
        Assert.AreEqual("Ada", Evaluator.Evaluate(Variable("\"c0ffee\""), typeof(string), Scope()));
    }

    [TestMethod]
    public void PrefersTheIdAndFallsBackToTheName()
    {
        // The id points at Name while the name says Counter: Elsa resolves by id.
        Assert.AreEqual("Ada", Evaluator.Evaluate(Variable("""{"id":"c0ffee","name":"Counter"}"""), typeof(string), Scope()));
        // A stale id (variable re-created) still finds the variable by name.
        Assert.AreEqual(41L, Evaluator.Evaluate(Variable("""{"id":"gone","name":"Counter"}"""), typeof(object), Scope()));
    }

    [TestMethod]
    public void UnknownVariableIsAnErrorNamingIt()
    {
        var ex = Assert.ThrowsExactly<ExpressionException>(() =>
            Evaluator.Evaluate(Variable("""{"id":"x1","name":"Missing"}"""), typeof(object), Scope()));
        Assert.Contains("'Missing'", ex.Message);
        Assert.Contains("x1", ex.Message);
    }

    [TestMethod]
    public void EmptyReferenceGivesDefaultButFailsValidation()
    {
        Assert.IsNull(Evaluator.Evaluate(new ExpressionModel("Variable", null), typeof(string), Scope()));
        Assert.AreEqual(0, Evaluator.Evaluate(Variable("\"\""), typeof(int), Scope()));
        Assert.IsNotNull(Evaluator.Validate(Variable("\"\"")));
        Assert.IsNull(Evaluator.Validate(Variable("\"Counter\"")));
    }

    [TestMethod]
    public void ConversionFailureNamesTheVariable()
    {
        var ex = Assert.ThrowsExactly<ExpressionException>(() => Evaluator.Evaluate(Variable("\"Name\""), typeof(int), Scope()));
        Assert.Contains("'Name'", ex.Message);
        Assert.Contains("cannot convert 'Ada' to Int32", ex.Message);
    }
}
