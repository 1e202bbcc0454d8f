namespace Agent.Activities.Safety.Budgets;

/// <summary>
/// Token and USD budgets per UTC day and month, and the rate of self-modifications (configuration section
/// <c>Safety:Budgets</c>); the per-cycle budget stays <c>Guards:MaxTokensPerCycle</c>/<c>MaxUsdPerCycle</c>. 0 = no limit.
/// </summary>
public sealed class BudgetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Budgets";

    /// <summary>Tokens (input + output + cache) all Claude runs may spend per UTC day.</summary>
    [Range(0, long.MaxValue)]
    public long MaxTokensPerDay { get; set; } = 15_000_000;

    /// <summary>US dollars all Claude runs may spend per UTC day.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal MaxUsdPerDay { get; set; } = 30m;

    /// <summary>Tokens all Claude runs may spend per UTC calendar month.</summary>
    [Range(0, long.MaxValue)]
    public long MaxTokensPerMonth { get; set; } = 300_000_000;

    /// <summary>US dollars all Claude runs may spend per UTC calendar month.</summary>
    [Range(typeof(decimal), "0", "10000000")]
    public decimal MaxUsdPerMonth { get; set; } = 500m;

    /// <summary>Changes merged into the agent's own repository (<c>Validation:AgentRepository</c>) in any 24 hours.</summary>
    [Range(0, 1000)]
    public int MaxSelfModificationsPerDay { get; set; } = 2;

    /// <summary>Changes merged into the agent's own repository in any 7 days.</summary>
    [Range(0, 10000)]
    public int MaxSelfModificationsPerWeek { get; set; } = 5;
}
