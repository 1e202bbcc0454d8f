using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Configuration;

namespace Agent.Activities.Safety.Audit;

/// <summary>
/// At each cycle start, audits <c>config.changed</c> when the policy files, the goals file or the effective safety
/// settings differ from what the last cycle start of that target recorded (the first cycle start of a target records
/// them too, as the baseline). Only hashes are stored: the settings hold webhook secrets.
/// </summary>
public sealed class ConfigChangeRecorder(AuditLog log, ISafetyEventSink sink, IConfiguration configuration, string agentRoot, TimeProvider clock)
{
    /// <summary>The configuration sections whose effective values are watched.</summary>
    public static readonly IReadOnlyList<string> WatchedSections = ["Safety", "Guards", "Validation", "Approvals", "SelfModification", "Cycle"];

    /// <summary>The files watched in the target (and the policy file in the agent's own folder).</summary>
    public static readonly IReadOnlyList<string> WatchedFiles = ["agent.policy.yaml", "agent.goals.yaml"];

    /// <summary>Publishes <c>config.changed</c> for <paramref name="target"/> when its fingerprint moved; returns whether it did.</summary>
    public async Task<bool> RecordIfChangedAsync(string target, CancellationToken cancellationToken)
    {
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in WatchedFiles) parts[$"target/{file}"] = await FileHashAsync(Path.Combine(target, file), cancellationToken);
        parts["agent/agent.policy.yaml"] = await FileHashAsync(Path.Combine(agentRoot, "agent.policy.yaml"), cancellationToken);
        parts["settings"] = SettingsHash();
        var hash = Hash(string.Join("\n", parts.Select(p => $"{p.Key}={p.Value}")));

        var last = await log.FindLatestAsync(SafetyEventKinds.ConfigChanged, "target", target, cancellationToken);
        var previous = last is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(last.Data);
        if (previous?.GetValueOrDefault("hash") == hash) return false;

        var changed = previous is null ? [.. parts.Keys] : parts.Where(p => previous.GetValueOrDefault(p.Key) != p.Value).Select(p => p.Key).ToList();
        var data = new Dictionary<string, string>(parts) { ["target"] = target, ["hash"] = hash, ["previous_hash"] = previous?.GetValueOrDefault("hash") ?? "", ["changed"] = string.Join(", ", changed) };
        var summary = previous is null
            ? $"Configuration of {target} recorded at its first audited cycle start (policy, goals, safety settings)."
            : $"Configuration of {target} changed since its last cycle start: {string.Join(", ", changed)}.";
        await sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.ConfigChanged, "agent", summary, data, clock), cancellationToken);
        return true;
    }

    private string SettingsHash()
    {
        var text = new StringBuilder();
        foreach (var section in WatchedSections)
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                text.Append(key).Append('=').Append(value).Append('\n');
        return Hash(text.ToString());
    }

    private static async Task<string> FileHashAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, cancellationToken))) : "absent";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
