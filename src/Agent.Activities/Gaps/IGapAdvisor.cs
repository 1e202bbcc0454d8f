namespace Agent.Activities.Gaps;

/// <summary>Learned adjustments to a gap's estimates.</summary>
/// <param name="ConfidenceFactor">Multiplies the confidence (e.g. 0.5 after similar attempts failed), ≥ 0.</param>
/// <param name="CostFactor">Multiplies the expected cost, &gt; 0.</param>
/// <param name="Notes">Why, for people and prompts (patterns and anti-patterns that matched).</param>
public sealed record GapAdvice(double ConfidenceFactor, double CostFactor, IReadOnlyList<string> Notes)
{
    /// <summary>Changes nothing.</summary>
    public static GapAdvice Neutral { get; } = new(1, 1, []);
}

/// <summary>
/// Where learned patterns and anti-patterns inform gap ranking. The learning system registers its own implementation;
/// until then <see cref="NeutralGapAdvisor"/> leaves every estimate as it is.
/// </summary>
public interface IGapAdvisor
{
    /// <summary>Advice on <paramref name="gap"/> (its estimates are the task type's defaults) in <paramref name="targetPath"/>.</summary>
    ValueTask<GapAdvice> AdviseAsync(string targetPath, Gap gap, CancellationToken cancellationToken);
}

/// <summary>The advisor used when nothing was learned: neutral advice for every gap.</summary>
public sealed class NeutralGapAdvisor : IGapAdvisor
{
    /// <inheritdoc />
    public ValueTask<GapAdvice> AdviseAsync(string targetPath, Gap gap, CancellationToken cancellationToken) => ValueTask.FromResult(GapAdvice.Neutral);
}
