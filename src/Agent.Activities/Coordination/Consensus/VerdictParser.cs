using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Reads a reviewer's output: JSON <c>{"verdicts":[{"candidate":"..","verdict":"approve|reject","score":0..1,"reasons":[..]}]}</c>,
/// the whole output or inside a <c>```json</c> fence; a bare single verdict object is accepted when there is one candidate.
/// Strict: every candidate gets exactly one verdict, and a candidate whose verdict is missing, malformed, duplicated or out
/// of range abstains with the reason — malformed output never throws and never counts as approval or rejection.
/// </summary>
public static partial class VerdictParser
{
    /// <summary>The exact JSON a reviewer must return, for the review prompt.</summary>
    public const string Format = """{"verdicts":[{"candidate":"<candidate id>","verdict":"approve|reject","score":0.0,"reasons":["..."]}]}""";

    /// <summary>One verdict per candidate in <paramref name="candidateIds"/> (in that order) from <paramref name="reviewer"/>'s <paramref name="output"/>.</summary>
    public static IReadOnlyList<CandidateVerdict> Parse(string reviewer, string? output, IReadOnlyList<string> candidateIds)
    {
        ArgumentNullException.ThrowIfNull(candidateIds);
        if (string.IsNullOrWhiteSpace(output)) return AbstainAll(reviewer, candidateIds, "the reviewer returned no output");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(JsonText(output));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return AbstainAll(reviewer, candidateIds, $"the reviewer's output is not JSON ({e.Message.Split('.')[0]}); expected {Format}");
        }
        if (root.ValueKind != JsonValueKind.Object) return AbstainAll(reviewer, candidateIds, $"the reviewer's output is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object; expected {Format}");

        IReadOnlyList<JsonElement> items;
        if (root.TryGetProperty("verdicts", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) return AbstainAll(reviewer, candidateIds, "\"verdicts\" is not an array");
            items = [.. list.EnumerateArray()];
        }
        else if (candidateIds.Count == 1 && root.TryGetProperty("verdict", out _)) items = [root];
        else return AbstainAll(reviewer, candidateIds, candidateIds.Count == 1
            ? $"the output has neither \"verdicts\" nor \"verdict\"; expected {Format}"
            : $"the output has no \"verdicts\" array (a bare verdict is accepted only when there is one candidate); expected {Format}");

        var found = new Dictionary<string, CandidateVerdict>(StringComparer.Ordinal);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        var stray = new List<string>();
        foreach (var item in items)
        {
            var (candidate, verdict, problem) = ReadItem(reviewer, item, candidateIds);
            if (candidate is null) { stray.Add(problem!); continue; }
            if (found.ContainsKey(candidate) || duplicated.Contains(candidate))
            {
                duplicated.Add(candidate);
                found.Remove(candidate);
                continue;
            }
            found[candidate] = verdict!;
        }
        var note = stray.Count == 0 ? "" : $" (the output also had: {string.Join("; ", stray)})";
        return [.. candidateIds.Select(id =>
            duplicated.Contains(id) ? Abstain(reviewer, id, $"the reviewer gave more than one verdict on candidate '{id}'{note}")
            : found.TryGetValue(id, out var v) ? v
            : Abstain(reviewer, id, $"the reviewer gave no verdict on candidate '{id}'{note}"))];
    }

    /// <summary>An abstention of <paramref name="reviewer"/> on every candidate, for a review that never came back.</summary>
    public static IReadOnlyList<CandidateVerdict> AbstainAll(string reviewer, IReadOnlyList<string> candidateIds, string reason) =>
        [.. candidateIds.Select(id => Abstain(reviewer, id, reason))];

    private static CandidateVerdict Abstain(string reviewer, string candidate, string reason) =>
        new(candidate, reviewer, VerdictKinds.Abstain, null, [], reason);

    // A problem with an item that names a known candidate makes that candidate abstain; one that names none is "stray".
    private static (string? Candidate, CandidateVerdict? Verdict, string? Problem) ReadItem(string reviewer, JsonElement item, IReadOnlyList<string> candidateIds)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, null, $"a verdict that is a {item.ValueKind.ToString().ToLowerInvariant()}, not an object");
        string candidate;
        if (item.TryGetProperty("candidate", out var c))
        {
            if (c.ValueKind != JsonValueKind.String) return (null, null, "a verdict whose \"candidate\" is not a string");
            candidate = c.GetString()!.Trim();
            if (!candidateIds.Contains(candidate, StringComparer.Ordinal))
                return (null, null, $"a verdict on unknown candidate '{candidate}' (the candidates are {string.Join(", ", candidateIds)})");
        }
        else if (candidateIds.Count == 1) candidate = candidateIds[0];
        else return (null, null, "a verdict without \"candidate\"");

        string? Fail(string why) => $"candidate '{candidate}': {why}";
        if (!item.TryGetProperty("verdict", out var v) || v.ValueKind != JsonValueKind.String)
            return (candidate, Abstain(reviewer, candidate, Fail("\"verdict\" is missing or not a string; give \"approve\" or \"reject\"")!), null);
        var kind = v.GetString()!.Trim().ToLowerInvariant();
        if (kind is not (VerdictKinds.Approve or VerdictKinds.Reject))
            return (candidate, Abstain(reviewer, candidate, Fail($"\"verdict\" is '{v.GetString()}'; give \"approve\" or \"reject\"")!), null);
        if (!item.TryGetProperty("score", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetDouble(out var score))
            return (candidate, Abstain(reviewer, candidate, Fail("\"score\" is missing or not a number from 0 to 1")!), null);
        if (score is < 0 or > 1 || double.IsNaN(score))
            return (candidate, Abstain(reviewer, candidate, Fail($"\"score\" {s.GetRawText()} is out of range; give a number from 0 to 1")!), null);
        var reasons = new List<string>();
        if (item.TryGetProperty("reasons", out var r))
        {
            if (r.ValueKind != JsonValueKind.Array || r.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                return (candidate, Abstain(reviewer, candidate, Fail("\"reasons\" is not an array of strings")!), null);
            reasons.AddRange(r.EnumerateArray().Select(x => x.GetString()!).Where(x => !string.IsNullOrWhiteSpace(x)));
        }
        return (candidate, new CandidateVerdict(candidate, reviewer, kind, score, reasons), null);
    }

    // The JSON inside the last ```json (or bare ```) fence when there is one, else the whole output.
    private static string JsonText(string output)
    {
        var fences = Fence().Matches(output);
        return fences.Count > 0 ? fences[^1].Groups["body"].Value : output.Trim();
    }

    [GeneratedRegex(@"```(?:json)?[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Fence();
}
