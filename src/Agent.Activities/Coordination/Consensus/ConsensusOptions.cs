using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>What a risky single change (Validate's NeedsApproval) goes through before it may merge.</summary>
public enum RiskyChangeMode
{
    /// <summary>A human approves it, as without consensus (the default).</summary>
    Human,
    /// <summary>Reviewers first: approved by them, a human still decides; rejected, it is discarded.</summary>
    ReviewersBeforeHuman,
    /// <summary>Reviewers decide: approved by them, it merges; a tie or no quorum still goes to a human.</summary>
    ReviewersInsteadOfHuman,
}

/// <summary>
/// Best-of-N and review consensus (configuration section <c>Coordination:Consensus</c>): how many implementers and
/// reviewers, the quorum, how long to wait for verdicts, and the selection rule. Validated on start by
/// <see cref="ConsensusOptionsValidator"/>, whose messages name the wrong key.
/// </summary>
public sealed class ConsensusOptions
{
    /// <summary>The section, under <c>Coordination</c>.</summary>
    public const string SectionName = "Consensus";

    /// <summary>How many implementers produce a candidate for one gap (N).</summary>
    [Range(1, 16, ErrorMessage = "must be from 1 to 16 implementers; 0 would produce no candidate")]
    public int Implementers { get; set; } = 3;

    /// <summary>How many reviewers judge the candidates (K); 0 selects by measurement alone.</summary>
    [Range(0, 16, ErrorMessage = "must be from 0 to 16 reviewers")]
    public int Reviewers { get; set; } = 3;

    /// <summary>How many non-abstaining verdicts a candidate needs; empty = a majority of <see cref="Reviewers"/>.</summary>
    public int? Quorum { get; set; }

    /// <summary>How long the reviewers have; a verdict not returned by then is an abstention.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "must be from 00:00:01 to 7.00:00:00")]
    public TimeSpan QuorumTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The ranking criteria among accepted candidates, in order (<c>approvals</c>, <c>improvement</c>, <c>smallest-diff</c>); empty = all three in that order.</summary>
    // No default list here: the configuration binder appends to a list it finds, so a default could never be reordered.
    public List<string>? SelectionRule { get; set; }

    /// <summary>What a risky single change goes through (<see cref="RiskyChangeMode"/>).</summary>
    public RiskyChangeMode RiskyChanges { get; set; } = RiskyChangeMode.Human;

    /// <summary>The quorum in effect: <see cref="Quorum"/>, else a majority of <see cref="Reviewers"/> (0 without reviewers).</summary>
    public int EffectiveQuorum => Quorum ?? (Reviewers == 0 ? 0 : Reviewers / 2 + 1);

    /// <summary>The selection rule in effect, normalized to lower case.</summary>
    public IReadOnlyList<string> EffectiveSelectionRule =>
        SelectionRule is { Count: > 0 } rule ? [.. rule.Select(c => c.Trim().ToLowerInvariant())] : SelectionCriteria.Default;
}

/// <summary>The criteria a selection rule may list.</summary>
public static class SelectionCriteria
{
    /// <summary>More approving verdicts first.</summary>
    public const string Approvals = "approvals";
    /// <summary>Higher measured improvement score first.</summary>
    public const string Improvement = "improvement";
    /// <summary>Fewer lines changed first.</summary>
    public const string SmallestDiff = "smallest-diff";

    /// <summary>Every criterion, in the default order.</summary>
    public static IReadOnlyList<string> Default { get; } = [Approvals, Improvement, SmallestDiff];
}

/// <summary>Checks <see cref="ConsensusOptions"/> beyond its annotations: the quorum against the reviewers, reviewers for <see cref="RiskyChangeMode.ReviewersInsteadOfHuman"/>, and the selection rule's criteria.</summary>
/// <param name="section">The configuration path of the options, for the messages (e.g. <c>Coordination:Consensus</c>).</param>
public sealed class ConsensusOptionsValidator(string section) : IValidateOptions<ConsensusOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ConsensusOptions options)
    {
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        failures.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        if (options.Quorum is { } quorum)
        {
            if (options.Reviewers == 0 && quorum != 0)
                failures.Add($"{section}:Quorum: is {quorum} but Reviewers is 0, so no verdict can ever reach it; remove Quorum or set Reviewers.");
            else if (options.Reviewers > 0 && (quorum < 1 || quorum > options.Reviewers))
                failures.Add($"{section}:Quorum: is {quorum}; give 1 to {options.Reviewers} (Reviewers), or remove it for a majority ({options.Reviewers / 2 + 1}).");
        }
        // Without reviewers the single candidate is "selected" by measurement alone, so this mode would merge a risky
        // change that nobody reviewed: refuse it rather than let the safety net be configured away silently.
        if (options.RiskyChanges == RiskyChangeMode.ReviewersInsteadOfHuman && options.Reviewers == 0)
            failures.Add($"{section}:RiskyChanges: is ReviewersInsteadOfHuman but {section}:Reviewers is 0, so a risky change would merge with no review at all; set {section}:Reviewers to 1 or more, or set {section}:RiskyChanges to Human or ReviewersBeforeHuman.");
        if (options.SelectionRule is { Count: > 0 } rule)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var criterion in rule.Select(c => (c ?? "").Trim().ToLowerInvariant()))
            {
                if (!SelectionCriteria.Default.Contains(criterion))
                    failures.Add($"{section}:SelectionRule: '{criterion}' is not a criterion; list some of {string.Join(", ", SelectionCriteria.Default)} in the order they rank.");
                else if (!seen.Add(criterion))
                    failures.Add($"{section}:SelectionRule: '{criterion}' is listed twice; list each criterion once.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
