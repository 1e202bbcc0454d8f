using System.Collections.Concurrent;

namespace Agent.Activities.Safety.Policy;

/// <summary>
/// The effective policy, compiled: rules indexed by action class, globs and patterns precompiled, so a decision is a few
/// regular-expression matches and no I/O. A command line is split into its simple commands, and each also stands for what
/// it implies (the files it reads and writes, the host it reaches); the strictest of those decisions is the answer.
/// Within one action the most specific matching rule decides (<see cref="PolicySpecificity"/>, then severity, then the
/// later layer, then the earlier rule), and a matching locked rule is a floor the decision cannot fall below.
/// </summary>
public sealed class CompiledPolicy : IPolicyEvaluator
{
    private readonly Dictionary<string, (PolicyRule Rule, int Order)[]> _byClass;
    private readonly ConcurrentDictionary<string, PolicyGlob> _protectedGlobs = new(StringComparer.Ordinal);
    private readonly string _defaultHome;

    /// <summary>Compiles the merged <paramref name="rules"/> with the <paramref name="defaultEffect"/> set at <paramref name="defaultSource"/>.</summary>
    public CompiledPolicy(IReadOnlyList<PolicyRule> rules, PolicyEffect defaultEffect, string defaultSource, TimeZoneInfo? timeZone, IReadOnlyList<string> sources, string? defaultHome = null)
    {
        Rules = [.. rules, HiddenProgramCondition.Rule];
        Default = defaultEffect;
        DefaultSource = defaultSource;
        TimeZone = timeZone;
        Sources = sources;
        _defaultHome = Path.TrimEndingDirectorySeparator(defaultHome ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        var ordered = Rules.Select((rule, order) => (rule, order)).ToList();
        _byClass = PolicyActionClasses.All.ToDictionary(c => c, c => ordered.Where(r => r.rule.Classes is null || r.rule.Classes.Contains(c)).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every rule in effect, in order (built-in first, replaced rules where the original stood), and last the parser's own <c>hidden-program</c>.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }
    /// <summary>The effect when no rule matches.</summary>
    public PolicyEffect Default { get; }
    /// <summary>Where the default was set.</summary>
    public string DefaultSource { get; }
    /// <summary>The zone time windows are read in (null = the context's, else UTC).</summary>
    public TimeZoneInfo? TimeZone { get; }
    /// <summary>The layers that made this policy: <c>built-in</c> and the files read.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <inheritdoc />
    public PolicyDecision Evaluate(PolicyAction action, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!_byClass.ContainsKey(action.Class ?? ""))
            throw new ArgumentException($"unknown action class '{action.Class}'; use one of {string.Join(", ", PolicyActionClasses.All)}.", nameof(action));
        var scope = new PolicyScope(context, TimeZone ?? context.TimeZone ?? TimeZoneInfo.Utc, _defaultHome, CompileProtected);
        var matched = new List<string>();
        Verdict? strictest = null;
        foreach (var (label, subject) in Subjects(action, scope))
        {
            var verdict = Decide(subject, scope, label, matched);
            // The strictest part decides; on a tie, a part a rule decided explains more than one the default decided.
            if (strictest is not { } s || PolicyEffects.Severity(verdict.Effect) > PolicyEffects.Severity(s.Effect)
                || (PolicyEffects.Severity(verdict.Effect) == PolicyEffects.Severity(s.Effect) && s.Rule is null && verdict.Rule is not null)) strictest = verdict;
        }
        var decided = strictest!.Value;
        return decided.Rule is { } rule
            ? new PolicyDecision(rule.Effect, rule.Id, decided.Label is null ? rule.Reason : $"{rule.Reason} ({decided.Label})", rule.Source, matched)
            : new PolicyDecision(Default, "default", $"no rule matched; the policy's default is {PolicyEffects.Name(Default)}.", DefaultSource, matched);
    }

    private readonly record struct Verdict(PolicyEffect Effect, PolicyRule? Rule, string? Label);

    private Verdict Decide(PolicySubject subject, PolicyScope scope, string? label, List<string> matched)
    {
        var hits = new List<(PolicyRule Rule, int Order, string Why)>();
        foreach (var (rule, order) in _byClass[subject.Class])
            if (rule.Matches(subject, scope, out var why)) hits.Add((rule, order, why));
        if (hits.Count == 0) return new Verdict(Default, null, label);
        hits.Sort((a, b) => Compare(b, a));
        var winner = hits[0].Rule;
        // A locked rule is a floor: a more specific but looser rule (say, a target's allow) cannot go below it.
        var floor = hits.Where(h => h.Rule.Locked).Select(h => h.Rule).FirstOrDefault(r => PolicyEffects.Severity(r.Effect) == hits.Where(h => h.Rule.Locked).Max(h => PolicyEffects.Severity(h.Rule.Effect)));
        if (floor is not null && PolicyEffects.Severity(floor.Effect) > PolicyEffects.Severity(winner.Effect)) winner = floor;
        var prefix = label is null ? "" : $"[{label}] ";
        matched.AddRange(hits.Select(h => $"{prefix}{h.Rule.Id} ({PolicyEffects.Name(h.Rule.Effect)}{(h.Rule.Locked ? ", locked" : "")}, {h.Rule.Specificity}, {h.Rule.Source}): {h.Why}"));
        return new Verdict(winner.Effect, winner, label);
    }

    private static int Compare((PolicyRule Rule, int Order, string Why) a, (PolicyRule Rule, int Order, string Why) b)
    {
        var bySpecificity = a.Rule.Specificity.CompareTo(b.Rule.Specificity);
        if (bySpecificity != 0) return bySpecificity;
        var bySeverity = PolicyEffects.Severity(a.Rule.Effect).CompareTo(PolicyEffects.Severity(b.Rule.Effect));
        if (bySeverity != 0) return bySeverity;
        var byLayer = a.Rule.Layer.CompareTo(b.Rule.Layer);
        return byLayer != 0 ? byLayer : b.Order.CompareTo(a.Order);
    }

    private static IEnumerable<(string? Label, PolicySubject Subject)> Subjects(PolicyAction action, PolicyScope scope)
    {
        if (action.Class != PolicyActionClasses.Command || string.IsNullOrWhiteSpace(action.Command))
        {
            IReadOnlyList<string?> paths = action.Path is { Length: > 0 } ? [scope.Resolve(action.Path)] : [];
            yield return (null, new PolicySubject(action.Class, action.Tool, paths, null, action.Host, action.Package, action.Risk));
            yield break;
        }
        var commands = ShellCommandParser.Parse(action.Command, scope.Worktree ?? scope.Target, scope.Home);
        if (commands.Count == 0) yield return (null, new PolicySubject(action.Class, action.Tool, [], null, action.Host, action.Package, action.Risk));
        foreach (var command in commands)
        {
            var facts = CommandFacts.From(command, scope.Home);
            var label = command.Text;
            yield return (label, new PolicySubject(PolicyActionClasses.Command, action.Tool, facts.OperandPaths, facts, facts.Host ?? action.Host, action.Package, action.Risk));
            if (facts.IsNetwork)
                yield return ($"{label} → network {facts.Host ?? "(host unknown)"}", new PolicySubject(PolicyActionClasses.Network, action.Tool, [], facts, facts.Host, null, action.Risk));
            foreach (var written in facts.WrittenPaths)
                yield return ($"{label} → writes {written ?? "(path unknown)"}", new PolicySubject(PolicyActionClasses.FileEdit, action.Tool, [written], facts, null, null, action.Risk));
            foreach (var read in facts.ReadPaths.Distinct())
                yield return ($"{label} → reads {read}", new PolicySubject(PolicyActionClasses.FileRead, action.Tool, [read], facts, null, null, action.Risk));
        }
    }

    private PolicyGlob CompileProtected(string glob)
    {
        try
        {
            return _protectedGlobs.GetOrAdd(glob, PolicyGlob.Compile);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"the protected path {e.Message} Fix it in Validation:ProtectedPaths.", nameof(glob), e);
        }
    }
}
