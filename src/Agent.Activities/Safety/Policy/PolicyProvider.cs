using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Policy;

/// <summary>
/// Loads the effective policy in three layers: the built-in policy, the operator's file (<see cref="PolicyOptions.Path"/>)
/// and the target's <c>agent.policy.yaml</c>. A later layer's rule with an existing id replaces it where it stood; new ids
/// are added. A target may not replace a locked rule, nor make the default looser.
/// </summary>
public sealed class PolicyProvider(BuiltInPolicy builtIn, PolicyFileParser parser, IOptions<PolicyOptions> options) : IPolicyProvider
{
    /// <inheritdoc />
    public async Task<IPolicyEvaluator> LoadAsync(string? targetRoot, CancellationToken cancellationToken) => await LoadCompiledAsync(targetRoot, cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="LoadAsync"/>, with the rules and sources visible (for <c>agent policy check</c>).</summary>
    /// <exception cref="PolicyFileException">A policy file is malformed or breaks a layering rule.</exception>
    public async Task<CompiledPolicy> LoadCompiledAsync(string? targetRoot, CancellationToken cancellationToken)
    {
        var documents = new List<PolicyDocument> { builtIn.Document };
        var agentFile = Path.GetFullPath(options.Value.Path);
        if (await ReadAsync(agentFile, PolicyLayer.Agent, cancellationToken).ConfigureAwait(false) is { } agent) documents.Add(agent);
        if (targetRoot is { Length: > 0 } && options.Value.ReadTargetPolicy)
        {
            var targetFile = Path.GetFullPath(Path.Combine(targetRoot, PolicyOptions.FileName));
            if (!string.Equals(targetFile, agentFile, StringComparison.Ordinal)
                && await ReadAsync(targetFile, PolicyLayer.Target, cancellationToken).ConfigureAwait(false) is { } target) documents.Add(target);
        }
        return PolicyMerger.Merge(documents);
    }

    private async Task<PolicyDocument?> ReadAsync(string file, PolicyLayer layer, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) return null;
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException($"{file}: cannot be read ({e.Message}); fix its permissions or remove it.", file);
        }
        return parser.Parse(text, file, layer);
    }
}

/// <summary>Merges policy layers into one <see cref="CompiledPolicy"/>.</summary>
public static class PolicyMerger
{
    /// <summary>Merges <paramref name="documents"/>, lowest layer first.</summary>
    /// <exception cref="PolicyFileException">A target replaces a locked rule or loosens the default.</exception>
    public static CompiledPolicy Merge(IReadOnlyList<PolicyDocument> documents, string? defaultHome = null)
    {
        var rules = new List<PolicyRule>();
        PolicyEffect defaultEffect = PolicyEffect.Allow;
        var defaultSource = BuiltInPolicy.SourceName;
        TimeZoneInfo? zone = null;
        foreach (var document in documents)
        {
            if (document.Default is { } effect)
            {
                if (document.Layer == PolicyLayer.Target && PolicyEffects.Severity(effect) < PolicyEffects.Severity(defaultEffect))
                    throw new PolicyFileException($"{document.Source}:{document.DefaultLine}: a target's policy may only tighten the default, not loosen '{PolicyEffects.Name(defaultEffect)}' (from {defaultSource}) to '{PolicyEffects.Name(effect)}'; remove 'default' or make it stricter.", document.Source, document.DefaultLine);
                defaultEffect = effect;
                defaultSource = $"{document.Source}:{document.DefaultLine}";
            }
            zone = document.TimeZone ?? zone;
            foreach (var (rule, line) in document.Rules)
            {
                var index = rules.FindIndex(r => r.Id == rule.Id);
                if (index < 0) { rules.Add(rule); continue; }
                if (rules[index].Locked && document.Layer == PolicyLayer.Target)
                    throw new PolicyFileException($"{document.Source}:{line}: rule '{rule.Id}' is locked by {rules[index].Source} and a target's policy cannot replace it; give your rule another id (it can still tighten what the locked rule allows).", document.Source, line);
                rules[index] = rule;
            }
        }
        return new CompiledPolicy(rules, defaultEffect, defaultSource, zone, [.. documents.Select(d => d.Source)], defaultHome);
    }
}
