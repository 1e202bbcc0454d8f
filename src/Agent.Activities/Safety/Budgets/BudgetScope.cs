using System.Globalization;

namespace Agent.Activities.Safety.Budgets;

/// <summary>Spend against one budget: a cycle, a UTC day or a UTC month.</summary>
/// <param name="Name"><c>cycle</c>, <c>day</c> or <c>month</c>.</param>
/// <param name="Key">The cycle id, the day (<c>2026-12-06</c>) or the month (<c>2026-12</c>).</param>
/// <param name="Spent">What was spent.</param>
/// <param name="MaxTokens">The token limit; 0 = none.</param>
/// <param name="MaxUsd">The USD limit; 0 = none.</param>
/// <param name="TokensSetting">The setting that holds <paramref name="MaxTokens"/>, for messages.</param>
/// <param name="UsdSetting">The setting that holds <paramref name="MaxUsd"/>.</param>
/// <param name="ResetsAt">When the budget starts afresh (null for a cycle).</param>
public sealed record BudgetScope(string Name, string Key, SpendTotal Spent, long MaxTokens, decimal MaxUsd, string TokensSetting, string UsdSetting, DateTimeOffset? ResetsAt)
{
    /// <summary>Tokens left, or null when there is no token limit.</summary>
    public long? RemainingTokens => MaxTokens > 0 ? Math.Max(0, MaxTokens - Spent.Tokens) : null;

    /// <summary>US dollars left, or null when there is no USD limit.</summary>
    public decimal? RemainingUsd => MaxUsd > 0 ? Math.Max(0, MaxUsd - Spent.Usd) : null;

    /// <summary>Why nothing more may be spent, or null while something remains.</summary>
    public string? Exhausted
    {
        get
        {
            var resume = ResetsAt is { } at ? $"Claude runs resume at {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, or raise the limit." : "Start a new cycle, or raise the limit.";
            if (RemainingTokens == 0)
                return $"{Name} budget exhausted: {Spent.Tokens} of {MaxTokens} tokens spent in {Name} {Key} ({TokensSetting}). {resume}";
            if (RemainingUsd == 0)
                return $"{Name} budget exhausted: {Usd(Spent.Usd)} of {Usd(MaxUsd)} USD spent in {Name} {Key} ({UsdSetting}). {resume}";
            return null;
        }
    }

    private static string Usd(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
