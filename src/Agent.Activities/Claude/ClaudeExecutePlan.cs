namespace Agent.Activities.Claude;

/// <summary>
/// Decides which runs a <see cref="ClaudeExecute"/> activity makes and checks all of them before any starts, so a
/// bad prompt in a parallel batch does not leave the others half done.
/// </summary>
public static class ClaudeExecutePlan
{
    /// <summary>The requests for <paramref name="mode"/>, in prompt order.</summary>
    /// <param name="mode">One of <see cref="ClaudeExecuteModes.All"/>; null or blank = <see cref="ClaudeExecuteModes.Simple"/>.</param>
    /// <param name="prompt">The prompt of simple mode.</param>
    /// <param name="prompts">The prompts of parallel mode.</param>
    /// <param name="settings">The options every run shares.</param>
    /// <exception cref="ClaudeRequestException">The mode, a prompt or an option is invalid; the message names each problem.</exception>
    public static IReadOnlyList<ClaudeRunRequest> Build(string? mode, string? prompt, IReadOnlyList<string>? prompts, ClaudeExecuteSettings settings)
    {
        var normalized = string.IsNullOrWhiteSpace(mode) ? ClaudeExecuteModes.Simple : mode.Trim();
        var requests = normalized switch
        {
            ClaudeExecuteModes.Simple => [settings.ToRequest(prompt ?? "")],
            ClaudeExecuteModes.Parallel => (prompts ?? []).Select(settings.ToRequest).ToList(),
            ClaudeExecuteModes.Async => prompts is { Count: > 0 } ? prompts.Select(settings.ToRequest).ToList() : [settings.ToRequest(prompt ?? "")],
            _ => throw new ClaudeRequestException([$"Mode '{mode}' is unknown: use one of {string.Join(", ", ClaudeExecuteModes.All)}."]),
        };
        if (normalized == ClaudeExecuteModes.Parallel && requests.Count == 0)
            throw new ClaudeRequestException(["Mode 'parallel' needs at least one entry in prompts."]);

        var errors = new List<string>();
        for (var i = 0; i < requests.Count; i++)
        {
            // In parallel mode say which prompt is at fault; the shared options would repeat per prompt, so report them once.
            var problems = ClaudeRequestValidator.Validate(requests[i]);
            var prefix = requests.Count > 1 || normalized == ClaudeExecuteModes.Parallel ? $"prompts[{i}]: " : "";
            errors.AddRange(problems.Select(p => p.StartsWith("Prompt ", StringComparison.Ordinal) ? prefix + p : p));
        }
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 0) throw new ClaudeRequestException(distinct);
        return requests;
    }
}
