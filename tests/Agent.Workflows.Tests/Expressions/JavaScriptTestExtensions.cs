using Agent.Workflows.Expressions.JavaScript;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Expressions;

internal static class JavaScriptTestExtensions
{
    /// <summary>Evaluates <paramref name="script"/> as <typeparamref name="T"/>.</summary>
    public static T? Run<T>(this JavaScriptExpressionEvaluator evaluator, string script, TestScope? scope = null) =>
        (T?)evaluator.Evaluate(ExpressionModel.JavaScript(script), typeof(T), scope ?? new TestScope());
}
