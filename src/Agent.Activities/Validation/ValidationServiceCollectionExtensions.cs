using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Validation;

/// <summary>Registers the validation gates and the risk assessor.</summary>
public static class ValidationServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ValidationGates"/>, <see cref="RiskAssessor"/> and the <see cref="CheckGates"/>, <see cref="Validate"/> and <see cref="CheckMergedChange"/> activities with <see cref="ValidationOptions"/> bound from <paramref name="section"/>.</summary>
    public static IServiceCollection AddValidationGates(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<ValidationOptions>().Bind(section)
            .Validate(o => o.LargeDiffLines > 0 && o.LargeDiffFiles > 0, "Validation:LargeDiffLines and Validation:LargeDiffFiles must be positive.")
            .Validate(o => o.TestFiles.Count > 0, "Validation:TestFiles needs at least one glob, e.g. '**/*Tests.cs'.")
            .ValidateOnStart();
        services.TryAddSingleton<ValidationGates>();
        services.TryAddSingleton<RiskAssessor>();
        services.TryAddSingleton<ChangeMeasurability>();
        services.TryAddSingleton<ChangeValidation>();
        services.TryAddSingleton<MergedChangeCheck>();
        services.AddActivity<CheckGates>();
        services.AddActivity<Validate>();
        services.AddActivity<CheckMergedChange>();
        return services;
    }
}
