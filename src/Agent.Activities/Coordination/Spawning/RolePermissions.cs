using Agent.Activities.Claude;
using Agent.Activities.Coordination.Messaging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>A role's settings (<c>Coordination:Roles:&lt;role&gt;</c>).</summary>
public sealed class RoleOptions
{
    /// <summary>The Claude permission mode its agents run with (one of <see cref="ClaudePermissionModes.All"/>).</summary>
    public string? PermissionMode { get; set; }
}

/// <summary>
/// Which roles may be spawned and the permission mode each runs with. Reviewers, planners and researchers only read
/// (<c>plan</c>): a reviewer that could edit would review its own edits. Implementers accept edits in their worktree.
/// </summary>
public sealed class RolePermissions(IOptions<CoordinationOptions> options)
{
    /// <summary>The built-in roles and their default modes.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["planner"] = "plan",
        ["researcher"] = "plan",
        ["reviewer"] = "plan",
        ["implementer"] = ClaudePermissionModes.AcceptEdits,
    };

    /// <summary>Every role that may be spawned.</summary>
    public IReadOnlyList<string> Roles => [.. Defaults.Keys.Concat(options.Value.Roles.Keys.Select(r => r.ToLowerInvariant())).Distinct().Order()];

    /// <summary>The normalised role and its permission mode.</summary>
    /// <exception cref="SpawnRefusedException">The role is unknown or its configured mode is not a Claude permission mode.</exception>
    public (string Role, string PermissionMode) Resolve(string? role)
    {
        var name = role?.Trim().ToLowerInvariant();
        if (!AgentIds.IsValid(name) || !Roles.Contains(name))
            throw new SpawnRefusedException($"The role '{role}' is not known; use one of {string.Join(", ", Roles)}, or configure it under Coordination:Roles:<role>:PermissionMode.");
        var configured = options.Value.Roles.TryGetValue(name!, out var settings) ? settings.PermissionMode?.Trim() : null;
        var mode = string.IsNullOrEmpty(configured) ? Defaults.GetValueOrDefault(name!, "plan") : configured;
        if (!ClaudePermissionModes.All.Contains(mode))
            throw new SpawnRefusedException($"Coordination:Roles:{name}:PermissionMode is '{mode}', which is not a Claude permission mode; use one of {string.Join(", ", ClaudePermissionModes.All.Order())}.");
        return (name!, mode);
    }
}

/// <summary>Checks <c>Coordination:Roles</c> on start: every role name is an agent-id-like name and every mode a Claude permission mode.</summary>
public sealed class RoleOptionsValidator : IValidateOptions<CoordinationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CoordinationOptions options)
    {
        var failures = new List<string>();
        foreach (var (role, settings) in options.Roles)
        {
            if (!AgentIds.IsValid(role.ToLowerInvariant()))
                failures.Add($"Coordination:Roles:{role} is not a role name; use {AgentIds.Rule}.");
            var mode = settings?.PermissionMode?.Trim();
            if (!string.IsNullOrEmpty(mode) && !ClaudePermissionModes.All.Contains(mode))
                failures.Add($"Coordination:Roles:{role}:PermissionMode is '{mode}'; use one of {string.Join(", ", ClaudePermissionModes.All.Order())}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
