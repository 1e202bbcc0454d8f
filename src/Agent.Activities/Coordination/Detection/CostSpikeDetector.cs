using System.Globalization;
using System.Text.Json.Nodes;
using Agent.Activities.Safety.Budgets;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// A cost spike, from the spend ledger (one row per Claude run, charged when the run ends): the tokens (or USD) of the
/// last minute against the per-minute mean of the <c>CostSpike:Baseline</c> before it. A spike is at least
/// <c>CostSpike:Multiple</c> times the mean and at least the floor (<c>MinTokensPerMinute</c>, <c>MinUsdPerMinute</c>),
/// so a quiet baseline does not make every run a spike. Pauses the coordination and stops spawns. The ledger records
/// accounts (cycles), not agents: the incident names the accounts charged in the spike.
/// </summary>
public sealed class CostSpikeDetector(IOptions<DetectionOptions> options, SpendLedger? ledger = null) : IEmergentBehaviourDetector
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public string Name => DetectorNames.CostSpike;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        // Without budgets configured there is no ledger to read (e.g. a host of the message bus alone).
        if (ledger is null) return [];
        var settings = options.Value.CostSpike;
        var windowStart = context.Now - Minute;
        var entries = await ledger.EntriesSinceAsync(windowStart - settings.Baseline, cancellationToken);
        var current = entries.Where(e => e.At > windowStart && e.At <= context.Now).ToList();
        if (current.Count == 0) return [];
        var baseline = entries.Where(e => e.At <= windowStart).ToList();
        var minutes = settings.Baseline.TotalMinutes;
        var (tokens, usd) = (current.Sum(e => e.Tokens), current.Sum(e => e.Usd));
        var (baseTokens, baseUsd) = (baseline.Sum(e => e.Tokens) / minutes, (double)baseline.Sum(e => e.Usd) / minutes);
        var tokenSpike = tokens >= settings.MinTokensPerMinute && tokens >= settings.Multiple * baseTokens;
        var usdSpike = (double)usd >= settings.MinUsdPerMinute && (double)usd >= settings.Multiple * baseUsd;
        if (!tokenSpike && !usdSpike) return [];
        var accounts = current.Select(e => e.Account ?? "(none)").Distinct().Order(StringComparer.Ordinal).ToList();
        var evidence = new JsonObject
        {
            ["tokensLastMinute"] = tokens, ["usdLastMinute"] = usd.ToString(CultureInfo.InvariantCulture),
            ["baselineTokensPerMinute"] = Math.Round(baseTokens, 1), ["baselineUsdPerMinute"] = Math.Round(baseUsd, 4),
            ["baselineMinutes"] = minutes, ["multiple"] = settings.Multiple, ["runs"] = current.Count,
            ["accounts"] = new JsonArray([.. accounts.Select(a => (JsonNode)a)]),
            ["sources"] = new JsonArray([.. current.Select(e => e.Source).Distinct().Select(s => (JsonNode)s)]),
        };
        var what = tokenSpike ? $"{tokens} tokens in the last minute against a baseline of {baseTokens:0.#}/min" : $"{usd} USD in the last minute against a baseline of {baseUsd:0.####}/min";
        // Keyed by the first charge of the minute: later sweeps over the same minute find the same spike.
        return [new DetectionFinding(Name, accounts, $"cost spike: {what} (limit {settings.Multiple}x)", evidence,
            DetectionFinding.FingerprintOf(Name, [current[0].At.ToString("O")]), IncidentActions.PauseAndStopSpawns)];
    }
}
