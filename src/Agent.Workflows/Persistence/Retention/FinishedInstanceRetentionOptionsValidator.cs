using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>
/// Checks <c>Retention:FinishedInstances</c> at start-up, naming the key that is wrong and a value that works, so a
/// typo cannot silently delete too much or nothing at all.
/// </summary>
public sealed class FinishedInstanceRetentionOptionsValidator : IValidateOptions<FinishedInstanceRetentionOptions>
{
    private const string Section = FinishedInstanceRetentionOptions.SectionName;

    /// <summary>The longest accepted sweep interval; longer is almost certainly a unit mistake.</summary>
    public static readonly TimeSpan MaxSweepInterval = TimeSpan.FromDays(7);

    /// <summary>The largest accepted page size; one transaction should stay short.</summary>
    public const int MaxPageSize = 10_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FinishedInstanceRetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = ProblemsOf(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Every problem of <paramref name="options"/>, each with the key and what to write instead.</summary>
    public static IReadOnlyList<string> ProblemsOf(FinishedInstanceRetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.KeepFor is { } keepFor && keepFor <= TimeSpan.Zero)
            problems.Add($"{Section}:KeepFor is {keepFor} but must be positive, e.g. 7.00:00:00 for seven days; remove it to keep instances of any age.");
        if (options.KeepLast is { } keepLast && keepLast < 1)
            problems.Add($"{Section}:KeepLast is {keepLast} but must be at least 1, e.g. 10000; remove it for no count limit.");
        if (!Enum.IsDefined(options.Mode))
            problems.Add($"{Section}:Mode '{options.Mode}' is not supported. Use Delete (whole instances) or DeleteJournal (journal only).");
        if (options.SweepInterval < TimeSpan.FromSeconds(1) || options.SweepInterval > MaxSweepInterval)
            problems.Add($"{Section}:SweepInterval is {options.SweepInterval} but must lie between 00:00:01 and {MaxSweepInterval}, e.g. 04:00:00.");
        if (options.PageSize is < 1 or > MaxPageSize)
            problems.Add($"{Section}:PageSize is {options.PageSize} but must lie between 1 and {MaxPageSize}, e.g. 100.");
        return problems;
    }
}
