using Agent.Activities.Safety.Policy;
using Agent.Activities.Assessment;
using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Limits;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Server.Diagnostics;

/// <summary>How one check of <see cref="DoctorChecks"/> came out.</summary>
public enum CheckStatus
{
    /// <summary>All is well.</summary>
    Ok,
    /// <summary>Works, but something deserves attention.</summary>
    Warning,
    /// <summary>The agent cannot work this way.</summary>
    Failed,
}

/// <summary>One finding: what was checked, how it came out, what was seen and what to do.</summary>
public sealed record CheckResult(string Check, CheckStatus Status, string Detail);

/// <summary>
/// What <c>agent doctor</c> checks before a user trusts the agent with a repository: where the data directory and the
/// worktrees sit (and which build configuration they would inherit), the tools the cycle runs (git, the Claude Code CLI,
/// dotnet, node, python), the emergency stop, the policy, and how resource limits are enforced on this machine.
/// </summary>
public sealed class DoctorChecks(string dataDirectory, IOptions<SelfModificationOptions> selfModification, IOptions<ClaudeCliOptions> claude,
    EmergencyStop stop, CommandRunner runner, PolicyProvider policy, ResourceLimiter? limits = null)
{
    /// <summary>Runs every check.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<CheckResult> { DataDirectory(), Worktrees(), Stop(), Claude(), Limits(), await PolicyAsync(cancellationToken) };
        results.Add(await ToolAsync("git", ["--version"], required: true, cancellationToken));
        results.Add(await ToolAsync("dotnet", ["--version"], required: false, cancellationToken));
        results.Add(await ToolAsync("node", ["--version"], required: true, cancellationToken));
        results.Add(await ToolAsync("npm", ["--version"], required: false, cancellationToken));
        results.Add(await ToolAsync("python3", ["--version"], required: false, cancellationToken));
        return results;
    }

    private CheckResult Limits()
    {
        const string check = "resource limits";
        if (limits is null) return new CheckResult(check, CheckStatus.Warning, "no resource limiter is registered: child processes run without limits.");
        var report = limits.Mechanism;
        return report.Mechanism switch
        {
            LimitMechanism.CgroupV2 or LimitMechanism.PrlimitWatchdog => new CheckResult(check, CheckStatus.Ok, report.Describe()),
            LimitMechanism.Watchdog => new CheckResult(check, CheckStatus.Warning, $"{report.Describe()}; install util-linux (prlimit) so the kernel also stops CPU runaways."),
            _ => new CheckResult(check, CheckStatus.Warning, $"{report.Describe()}; set Safety:Limits:Enabled=true on Linux to limit child processes."),
        };
    }

    private CheckResult DataDirectory()
    {
        const string check = "data directory";
        try
        {
            Directory.CreateDirectory(dataDirectory);
            var probe = Path.Combine(dataDirectory, $".doctor-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CheckResult(check, CheckStatus.Failed, $"{dataDirectory} is not writable ({e.Message}); choose another with --data-dir or AGENT_Agent__DataDirectory.");
        }
        var inherited = InheritedBuildConfiguration.Above(Path.Combine(dataDirectory, "x"), new HashSet<string>());
        return inherited.Count == 0
            ? new CheckResult(check, CheckStatus.Ok, $"{dataDirectory} (no build configuration above it)")
            : new CheckResult(check, CheckStatus.Warning,
                $"{dataDirectory} sits inside a tree that carries build configuration ({string.Join(", ", inherited.Take(4))}): whatever is placed under it "
                + "— sample targets in targets/, a worktree root — builds and tests with those settings unless it carries its own. "
                + "Move it with --data-dir (or AGENT_Agent__DataDirectory) to a folder outside any repository.");
    }

    private CheckResult Worktrees()
    {
        const string check = "worktrees";
        if (selfModification.Value.WorktreeRoot is not { Length: > 0 } root)
            return new CheckResult(check, CheckStatus.Ok, $"beside each target, in {TaskWorktrees.BesideFolder}/ next to its folder: they inherit exactly the target's build configuration");
        var inherited = InheritedBuildConfiguration.Above(Path.Combine(root, "x", "y"), new HashSet<string>());
        return inherited.Count == 0
            ? new CheckResult(check, CheckStatus.Ok, $"{root} (no build configuration above it; a target whose parents carry some cannot use it, and each cycle checks)")
            : new CheckResult(check, CheckStatus.Warning, $"{root} inherits {string.Join(", ", inherited.Take(4))}; each worktree is checked against its target and refused when they differ. "
                + "Leave SelfModification:WorktreeRoot empty to put worktrees beside their targets.");
    }

    // A malformed policy stops every cycle from starting; say so before a cycle is tried.
    private async Task<CheckResult> PolicyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var effective = await policy.LoadCompiledAsync(null, cancellationToken);
            return new CheckResult("policy", CheckStatus.Ok, $"{effective.Rules.Count} rules from {string.Join(", ", effective.Sources)}; default {PolicyEffects.Name(effective.Default)}. "
                + "A target's agent.policy.yaml is checked when its cycle starts (or with 'agent policy check --target DIR').");
        }
        catch (PolicyFileException e)
        {
            return new CheckResult("policy", CheckStatus.Failed, $"{e.Message} No cycle starts until it is fixed; 'agent policy check' shows the effective policy.");
        }
    }

    private CheckResult Stop() => stop.Status() is { } s
        ? new CheckResult("emergency stop", CheckStatus.Warning, $"active since {s.At:u} (set by {s.By}{(s.Reason is { Length: > 0 } r ? $": {r}" : "")}); clear it with 'agent stop --clear'.")
        : new CheckResult("emergency stop", CheckStatus.Ok, "not set");

    private CheckResult Claude()
    {
        try
        {
            return new CheckResult("claude code", CheckStatus.Ok, new ClaudeCliLocator(claude.Value).Locate());
        }
        catch (ClaudeCliNotFoundException e)
        {
            return new CheckResult("claude code", CheckStatus.Failed, e.Message);
        }
    }

    private async Task<CheckResult> ToolAsync(string tool, IReadOnlyList<string> args, bool required, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(new CommandSpec(tool, args, Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(30)), cancellationToken).ConfigureAwait(false);
        if (outcome.StartError is null && outcome.ExitCode == 0)
            return new CheckResult(tool, CheckStatus.Ok, (outcome.StandardOutput + outcome.StandardError).Trim().Split('\n')[0]);
        var why = outcome.StartError ?? $"'{tool} {string.Join(' ', args)}' exited {outcome.ExitCode}";
        return new CheckResult(tool, required ? CheckStatus.Failed : CheckStatus.Warning,
            required ? $"{why}; the cycle needs it: install it and put it on PATH." : $"{why}; targets that need it cannot be measured.");
    }
}
