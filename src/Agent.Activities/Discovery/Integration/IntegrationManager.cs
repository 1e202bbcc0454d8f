using Agent.Activities.Discovery.Registry;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Integrates MCP servers into a target's <c>.mcp.json</c> in two steps. <see cref="PrepareAsync"/> finds a candidate
/// (by name, or by capability through the server sources), installs it into its sandbox folder, probes it and checks
/// that the wanted capability appeared; the attempt then awaits approval, or has failed (sandbox removed, reason
/// recorded, <c>.mcp.json</c> untouched). <see cref="ApproveAsync"/> writes the entry; <see cref="RejectAsync"/> drops
/// the sandbox. <see cref="RemoveAsync"/> is the reverse of an integration. Every outcome is recorded in <see cref="IntegrationAttemptStore"/>.
/// </summary>
public sealed class IntegrationManager(
    ServerSources sources, NpmServerInstaller installer, ToolProbe probe, IntegrationAttemptStore attempts, TimeProvider clock, ICapabilityTagger? tagger = null,
    ISafetyEventSink? events = null)
{
    /// <summary>How many candidates a capability search tries before it gives up.</summary>
    public const int MaxCandidates = 3;

    /// <summary>Finds, installs and probes a server; the returned attempt is <see cref="IntegrationOutcomes.AwaitingApproval"/> or <see cref="IntegrationOutcomes.Failed"/>.</summary>
    /// <exception cref="IntegrationException">The request is invalid (no target folder, no name or capability, unknown server name, name already in <c>.mcp.json</c>); nothing was recorded or changed.</exception>
    /// <exception cref="McpRegistryException">A server source could not be read; nothing was recorded or changed.</exception>
    public async Task<IntegrationAttempt> PrepareAsync(IntegrationRequest request, CancellationToken cancellationToken = default)
    {
        var target = ValidateTarget(request.Target);
        if (string.IsNullOrWhiteSpace(request.ServerName) && string.IsNullOrWhiteSpace(request.Capability))
            throw new IntegrationException("Say what to integrate: a registry server name or a wanted capability.");
        if (!string.IsNullOrWhiteSpace(request.Capability) && tagger is null)
            throw new IntegrationException("Integrating by capability needs the capability taxonomy (capabilities.yaml), which is not registered.");

        var candidates = await CandidatesAsync(request, cancellationToken);
        if (candidates.Count == 0)
        {
            var failed = NewAttempt(request, target, null) with { Outcome = IntegrationOutcomes.Failed, Reason = $"No server in the catalog or the registry offers {request.Capability}." };
            await attempts.SaveAsync(failed, cancellationToken);
            return failed;
        }
        IntegrationAttempt? last = null;
        foreach (var candidate in candidates.Take(MaxCandidates))
        {
            last = await TryCandidateAsync(request, target, candidate, cancellationToken);
            if (last.Outcome == IntegrationOutcomes.AwaitingApproval) break;
        }
        return last!;
    }

    /// <summary>
    /// Writes an awaiting attempt's server into its target's <c>.mcp.json</c>. When the file cannot be edited safely any
    /// more (it changed since the probe), the attempt fails with that reason and the file stays as it is.
    /// </summary>
    /// <exception cref="IntegrationException">No such attempt, or it is not awaiting approval.</exception>
    public async Task<IntegrationAttempt> ApproveAsync(string attemptId, string approvedBy, CancellationToken cancellationToken = default)
    {
        var attempt = await AwaitingAsync(attemptId, cancellationToken);
        try
        {
            new McpJsonFile(attempt.Target).Set(attempt.Name!, attempt.Entry!);
        }
        catch (IntegrationException e)
        {
            return await FailAsync(attempt, $"approved by {approvedBy}, but {e.Message}", cancellationToken);
        }
        var integrated = attempt with { Outcome = IntegrationOutcomes.Integrated, Reason = $"approved by {approvedBy}", UpdatedAt = clock.GetUtcNow() };
        await attempts.SaveAsync(integrated, cancellationToken);
        await PublishAsync(integrated, "integrated", approvedBy, $"MCP server '{integrated.Name}' integrated into {integrated.Target}/.mcp.json, approved by {approvedBy}.", cancellationToken);
        return integrated;
    }

    /// <summary>Drops an awaiting attempt: its sandbox is deleted and <c>.mcp.json</c> stays as it is.</summary>
    /// <exception cref="IntegrationException">No such attempt, or it is not awaiting approval.</exception>
    public async Task<IntegrationAttempt> RejectAsync(string attemptId, string reason, CancellationToken cancellationToken = default)
    {
        var attempt = await AwaitingAsync(attemptId, cancellationToken);
        installer.Uninstall(attempt.Name!);
        var rejected = attempt with { Outcome = IntegrationOutcomes.Rejected, Reason = reason, UpdatedAt = clock.GetUtcNow() };
        await attempts.SaveAsync(rejected, cancellationToken);
        return rejected;
    }

    /// <summary>Removes server <paramref name="name"/> from the target's <c>.mcp.json</c> and deletes its sandbox folder.</summary>
    /// <exception cref="IntegrationException">The name is invalid, or neither <c>.mcp.json</c> nor the sandbox has it; nothing changed.</exception>
    public async Task<IntegrationAttempt> RemoveAsync(string name, string targetDirectory, CancellationToken cancellationToken = default)
    {
        ServerNames.Validate(name);
        var target = ValidateTarget(targetDirectory);
        var file = new McpJsonFile(target);
        var entry = file.Read().GetValueOrDefault(name);
        var removedEntry = file.Remove(name);
        var removedSandbox = installer.Uninstall(name);
        if (!removedEntry && !removedSandbox)
            throw new IntegrationException($"{file.Path} has no server '{name}' and there is no sandbox for it; 'agent capabilities integrate' lists what was integrated.");
        var now = clock.GetUtcNow();
        var removed = new IntegrationAttempt
        {
            Id = NewId(), Name = name, Target = target, Outcome = IntegrationOutcomes.Removed, Entry = entry, CreatedAt = now, UpdatedAt = now,
            Reason = removedEntry ? $"removed from {file.Path}" + (removedSandbox ? " and its sandbox deleted" : "") : "its sandbox deleted (it was not in .mcp.json)",
        };
        await attempts.SaveAsync(removed, cancellationToken);
        await PublishAsync(removed, "removed", "agent", $"MCP server '{name}' removed from {target}: {removed.Reason}.", cancellationToken);
        return removed;
    }

    private Task PublishAsync(IntegrationAttempt attempt, string action, string actor, string summary, CancellationToken cancellationToken) =>
        events.PublishOnceAsync($"{action}:{attempt.Id}", SafetyEventKinds.Integration, actor, summary,
            new Dictionary<string, string> { ["action"] = action, ["server"] = attempt.Name ?? "", ["target"] = attempt.Target, ["attempt"] = attempt.Id },
            clock.GetUtcNow(), cancellationToken);

    private async Task<IReadOnlyList<ServerCandidate>> CandidatesAsync(IntegrationRequest request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.ServerName))
        {
            var found = await sources.FindAsync(request.ServerName, cancellationToken)
                ?? throw new IntegrationException($"No server named '{request.ServerName.Trim()}' in the catalog or the registry; find names with 'agent capabilities search <text>'.");
            return [found];
        }
        var list = new List<ServerCandidate>();
        foreach (var term in tagger!.SearchTermsFor(request.Capability!.Trim()))
            foreach (var candidate in await sources.SearchAsync(term, cancellationToken))
                if (list.All(c => c.Server.Name != candidate.Server.Name)) list.Add(candidate);
        return list;
    }

    private async Task<IntegrationAttempt> TryCandidateAsync(IntegrationRequest request, string target, ServerCandidate candidate, CancellationToken cancellationToken)
    {
        var attempt = NewAttempt(request, target, candidate);
        if (new McpJsonFile(target).Read().ContainsKey(attempt.Name!))
            throw new IntegrationException($"{Path.Combine(target, McpJsonFile.FileName)} already has a server '{attempt.Name}'; remove it first ('agent capabilities remove {attempt.Name}').");
        ServerLaunch launch;
        try
        {
            launch = await installer.InstallAsync(candidate.Server, attempt.Name!, cancellationToken);
        }
        catch (IntegrationException e)
        {
            return await FailAsync(attempt, e.Message, cancellationToken);
        }
        attempt = attempt with { Package = launch.Package, Entry = launch.Entry };
        var report = await probe.ProbeAsync(attempt.Name!, launch, cancellationToken);
        var capabilities = tagger is null ? [] : report.Tools.SelectMany(t => tagger.Tag(t.Name, t.Description, t.InputSchema)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        attempt = attempt with
        {
            Tools = [.. report.Tools.Select(t => t.Name)], Capabilities = capabilities,
            Probe = report.ProbeTool is null ? null : $"{report.ProbeTool}({report.ProbeArgumentsJson})",
        };
        if (!report.Succeeded) return await FailAsync(attempt, report.Reason!, cancellationToken);
        if (request.Capability is { Length: > 0 } wanted && !capabilities.Contains(wanted.Trim()))
            return await FailAsync(attempt, $"{candidate.Server.Name} works, but none of its tools ({string.Join(", ", attempt.Tools)}) provides {wanted.Trim()}; it offers {(capabilities.Count == 0 ? "no known capability" : string.Join(", ", capabilities))}.", cancellationToken);
        var awaiting = attempt with { Outcome = IntegrationOutcomes.AwaitingApproval, Reason = $"probe {attempt.Probe} succeeded", UpdatedAt = clock.GetUtcNow() };
        await attempts.SaveAsync(awaiting, cancellationToken);
        return awaiting;
    }

    private async Task<IntegrationAttempt> FailAsync(IntegrationAttempt attempt, string reason, CancellationToken cancellationToken)
    {
        installer.Uninstall(attempt.Name!);
        var failed = attempt with { Outcome = IntegrationOutcomes.Failed, Reason = reason, UpdatedAt = clock.GetUtcNow() };
        await attempts.SaveAsync(failed, cancellationToken);
        return failed;
    }

    private async Task<IntegrationAttempt> AwaitingAsync(string attemptId, CancellationToken cancellationToken)
    {
        var attempt = await attempts.FindAsync(attemptId, cancellationToken)
            ?? throw new IntegrationException($"No integration attempt '{attemptId}'.");
        return attempt.Outcome == IntegrationOutcomes.AwaitingApproval && attempt.Entry is not null && attempt.Name is not null
            ? attempt
            : throw new IntegrationException($"Integration attempt '{attemptId}' is {attempt.Outcome}, not awaiting approval; nothing changed.");
    }

    private IntegrationAttempt NewAttempt(IntegrationRequest request, string target, ServerCandidate? candidate)
    {
        var now = clock.GetUtcNow();
        return new IntegrationAttempt
        {
            Id = NewId(), ServerName = candidate?.Server.Name, Name = candidate is null ? null : ServerNames.ShortName(candidate.Server.Name),
            Target = target, Capability = string.IsNullOrWhiteSpace(request.Capability) ? null : request.Capability.Trim(), Source = candidate?.Source,
            InstanceId = request.InstanceId,
            Outcome = IntegrationOutcomes.Failed, CreatedAt = now, UpdatedAt = now,
        };
    }

    private static string ValidateTarget(string? target)
    {
        if (string.IsNullOrWhiteSpace(target)) throw new IntegrationException("Give the target folder (the one whose .mcp.json gets the server).");
        var full = Path.GetFullPath(target);
        return Directory.Exists(full) ? full : throw new IntegrationException($"The target folder {full} does not exist.");
    }

    private static string NewId() => "int-" + Guid.NewGuid().ToString("N")[..12];
}
