using Microsoft.Extensions.Options;
using Agent.Workflows.Persistence;
using Agent.Activities.Persistence;
using Agent.Activities.Claude;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Safety.Budgets;

/// <summary>Registers the day/month budgets and the self-modification rate limit.</summary>
public static class BudgetsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SpendBudget"/> (also as the <see cref="IClaudeSpendGate"/> every Claude run asks) and
    /// <see cref="SelfModificationRateLimit"/>, with <see cref="BudgetOptions"/> from <c>Safety:Budgets</c>, the ledger in
    /// <paramref name="databasePath"/>.
    /// </summary>
    public static IServiceCollection AddSafetyBudgets(this IServiceCollection services, IConfiguration configuration, string databasePath)
    {
        services.BindValidated<BudgetOptions>(configuration.GetSection(BudgetOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new SpendLedger(databasePath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<SpendBudget>();
        services.TryAddSingleton<IClaudeSpendGate>(sp => sp.GetRequiredService<SpendBudget>());
        services.TryAddSingleton<SelfModificationRateLimit>();
        return services;
    }
}
