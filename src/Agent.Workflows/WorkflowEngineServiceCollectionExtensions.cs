using Agent.Workflows.Descriptors;
using Agent.Workflows.Execution;
using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Agent.Workflows.Runtime;

namespace Agent.Workflows;

/// <summary>Registers the workflow engine: activities, expressions, compiler and runtime.</summary>
public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>Adds the engine. Persistence is added separately (e.g. <c>AddWorkflowPersistence</c>).</summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ActivityRegistry>();
        services.TryAddSingleton<Activities.Workflows.WorkflowActivityCatalog>();
        services.TryAddSingleton<Activities.Workflows.ChildWorkflowStarter>();
        services.AddWorkflowExpressions();
        services.TryAddSingleton<WorkflowCompiler>();
        services.TryAddSingleton<Diagnostics.WorkflowTelemetry>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<IWorkflowVersionSource, StoreVersionSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Versioning.IWorkflowDefinitionValidator, Validation.CompilerDefinitionValidator>());
        return services;
    }

    /// <summary>Registers an activity class so definitions can use it.</summary>
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services) where TActivity : Activities.IActivity =>
        services.AddSingleton(new ActivityTypeRegistration(typeof(TActivity)));
}
