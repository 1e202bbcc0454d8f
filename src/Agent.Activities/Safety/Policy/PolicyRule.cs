namespace Agent.Activities.Safety.Policy;

/// <summary>Where a policy came from; a later layer overrides an earlier one rule by rule.</summary>
public enum PolicyLayer
{
    /// <summary>The defaults shipped inside the agent (<c>BuiltInPolicy.yaml</c>).</summary>
    BuiltIn,
    /// <summary>The operator's file (<c>Safety:Policy:Path</c>, default <c>&lt;AGENT_ROOT&gt;/agent.policy.yaml</c>).</summary>
    Agent,
    /// <summary>The target repository's <c>agent.policy.yaml</c>.</summary>
    Target,
}

/// <summary>How specific a rule is: more conditions first, then more literal (wildcard-free) patterns. Compared before the effect's severity.</summary>
/// <param name="Conditions">The number of keys in its <c>match</c>.</param>
/// <param name="Literals">How many of those name things exactly.</param>
public readonly record struct PolicySpecificity(int Conditions, int Literals) : IComparable<PolicySpecificity>
{
    /// <inheritdoc />
    public int CompareTo(PolicySpecificity other) => Conditions != other.Conditions ? Conditions.CompareTo(other.Conditions) : Literals.CompareTo(other.Literals);

    /// <inheritdoc />
    public override string ToString() => $"{Conditions} condition{(Conditions == 1 ? "" : "s")}, {Literals} literal";
}

/// <summary>One compiled rule: its conditions, effect and reason, and where it was written.</summary>
public sealed class PolicyRule
{
    /// <summary>Creates a rule; <paramref name="conditions"/> are all required to match.</summary>
    public PolicyRule(string id, IReadOnlyList<PolicyCondition> conditions, PolicyEffect effect, string reason, bool locked, PolicyLayer layer, string source)
    {
        Id = id;
        Conditions = conditions;
        Effect = effect;
        Reason = reason;
        Locked = locked;
        Layer = layer;
        Source = source;
        Classes = conditions.OfType<ActionCondition>().FirstOrDefault()?.Classes;
        Specificity = new PolicySpecificity(conditions.Count, conditions.Count(c => c.IsLiteral));
    }

    /// <summary>Unique within the effective policy; a later layer's rule with the same id replaces it.</summary>
    public string Id { get; }
    /// <summary>Every condition must hold.</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; }
    /// <summary>What it decides.</summary>
    public PolicyEffect Effect { get; }
    /// <summary>Why, for a person and for the model.</summary>
    public string Reason { get; }
    /// <summary>A floor no target can lower: when it matches, the decision is at least this strict, and a target cannot replace it.</summary>
    public bool Locked { get; }
    /// <summary>The layer it came from.</summary>
    public PolicyLayer Layer { get; }
    /// <summary><c>built-in:LINE</c> or <c>FILE:LINE</c>.</summary>
    public string Source { get; }
    /// <summary>The action classes it applies to; null = every class.</summary>
    public IReadOnlySet<string>? Classes { get; }
    /// <summary>How specific it is.</summary>
    public PolicySpecificity Specificity { get; }

    /// <summary>Whether every condition holds for <paramref name="subject"/>; <paramref name="why"/> joins their explanations.</summary>
    public bool Matches(PolicySubject subject, PolicyScope scope, out string why)
    {
        var reasons = new string[Conditions.Count];
        for (var i = 0; i < Conditions.Count; i++)
        {
            if (!Conditions[i].Matches(subject, scope, out var one)) { why = ""; return false; }
            reasons[i] = one;
        }
        why = string.Join("; ", reasons);
        return true;
    }
}

/// <summary>One parsed policy file (or the built-in one): its default effect, time zone and rules.</summary>
/// <param name="Source">The file (or <c>built-in</c>).</param>
/// <param name="Layer">Its layer.</param>
/// <param name="Default">The effect when no rule matches, when the file sets it.</param>
/// <param name="DefaultLine">The line of <c>default</c>, for errors.</param>
/// <param name="TimeZone">The zone its time windows are in, when set.</param>
/// <param name="Rules">Its rules, each with the line it starts on.</param>
public sealed record PolicyDocument(string Source, PolicyLayer Layer, PolicyEffect? Default, int DefaultLine, TimeZoneInfo? TimeZone, IReadOnlyList<(PolicyRule Rule, int Line)> Rules);

/// <summary>Orders effects by how much they hold back: deny &gt; require-consensus &gt; require-approval &gt; allow.</summary>
public static class PolicyEffects
{
    /// <summary>The severity of <paramref name="effect"/> (allow = 0, deny = 3).</summary>
    public static int Severity(PolicyEffect effect) => effect switch
    {
        PolicyEffect.Deny => 3,
        PolicyEffect.RequireConsensus => 2,
        PolicyEffect.RequireApproval => 1,
        _ => 0,
    };

    /// <summary>The name used in policy files and output: <c>allow</c>, <c>deny</c>, <c>require-approval</c>, <c>require-consensus</c>.</summary>
    public static string Name(PolicyEffect effect) => effect switch
    {
        PolicyEffect.Deny => "deny",
        PolicyEffect.RequireConsensus => "require-consensus",
        PolicyEffect.RequireApproval => "require-approval",
        _ => "allow",
    };

    /// <summary>Parses a name written in a policy file.</summary>
    public static PolicyEffect? Parse(string? name) => name switch
    {
        "allow" => PolicyEffect.Allow,
        "deny" => PolicyEffect.Deny,
        "require-approval" => PolicyEffect.RequireApproval,
        "require-consensus" => PolicyEffect.RequireConsensus,
        _ => null,
    };
}
