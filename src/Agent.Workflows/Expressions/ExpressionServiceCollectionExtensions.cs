using Agent.Workflows.Expressions.JavaScript;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Workflows.Expressions;

/// <summary>Registers the expression evaluators with dependency injection.</summary>
public static class ExpressionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Literal, Object, Variable and JavaScript evaluators and <see cref="ExpressionEvaluatorRegistry"/>
    /// as singletons. Register another <see cref="IExpressionEvaluator"/> afterwards to add or replace a syntax.
    /// A <see cref="JavaScriptOptions"/> instance registered earlier is kept, and <paramref name="configure"/> is
    /// then not applied to it.
    /// </summary>
    public static IServiceCollection AddWorkflowExpressions(this IServiceCollection services, Action<JavaScriptOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new JavaScriptOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddSingleton(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionEvaluator, LiteralExpressionEvaluator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionEvaluator, ObjectExpressionEvaluator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionEvaluator, VariableExpressionEvaluator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionEvaluator, JavaScriptExpressionEvaluator>(sp => new JavaScriptExpressionEvaluator(sp.GetRequiredService<JavaScriptOptions>())));
        services.TryAddSingleton<ExpressionEvaluatorRegistry>();
        return services;
    }
}
