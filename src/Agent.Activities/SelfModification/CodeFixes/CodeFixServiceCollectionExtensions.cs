using Agent.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>Registers the known deterministic code fixes and the <see cref="ApplyKnownFix"/> activity.</summary>
public static class CodeFixServiceCollectionExtensions
{
    /// <summary>Adds <see cref="KnownCodeFixes"/> with the CS0219 and CS0168 fixes, and <see cref="ApplyKnownFix"/>.</summary>
    public static IServiceCollection AddKnownCodeFixes(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICodeFix, UnusedAssignedLocalFix>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICodeFix, UnusedDeclaredLocalFix>());
        services.TryAddSingleton<KnownCodeFixes>();
        services.AddActivity<ApplyKnownFix>();
        return services;
    }
}
