namespace Agent.Activities.Safety.Policy;

/// <summary>Where the operator's policy is (configuration section <c>Safety:Policy</c>). The built-in policy always applies underneath.</summary>
public sealed class PolicyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Policy";

    /// <summary>The name of a policy file, at the agent's root and in a target.</summary>
    public const string FileName = "agent.policy.yaml";

    /// <summary>The operator's policy file; relative paths resolve against the agent's root (<c>AGENT_ROOT</c>). A missing file means the built-in policy alone.</summary>
    [Required(ErrorMessage = "name the operator's policy file, e.g. agent.policy.yaml.")]
    public string Path { get; set; } = FileName;

    /// <summary>Whether a target's own <c>agent.policy.yaml</c> is read (it may add rules and tighten, never loosen a locked rule).</summary>
    public bool ReadTargetPolicy { get; set; } = true;
}
