using Agent.Activities.Assessment;

namespace Agent.Server.Dashboard;

/// <summary>The change a cycle merged: its commit, in its target repository, as <c>git show</c> prints it.</summary>
public sealed record CycleDiff(string InstanceId, string Target, string Commit, string Text, bool Truncated);

/// <summary>Why a cycle's diff cannot be shown; the message says what to do.</summary>
public sealed class CycleDiffException(string message, int statusCode) : Exception(message)
{
    /// <summary>The HTTP status the dashboard answers with.</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>Reads a cycle's merged commit from its target repository with real git (the summary names both).</summary>
public sealed class CycleDiffReader(DashboardCycles cycles, CommandRunner runner)
{
    /// <summary>At most this many characters of diff are returned; the rest is cut and <see cref="CycleDiff.Truncated"/> is set.</summary>
    public const int MaxChars = 200_000;

    /// <summary>The diff of cycle <paramref name="instanceId"/>.</summary>
    /// <exception cref="CycleDiffException">No such cycle, nothing merged, or git could not show the commit.</exception>
    public async Task<CycleDiff> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var cycle = await cycles.FindAsync(instanceId, cancellationToken)
            ?? throw new CycleDiffException($"There is no improvement cycle '{instanceId}'; take an id from /dashboard/api/cycles.", StatusCodes.Status404NotFound);
        if (cycle.Commit is null || cycle.Target is null)
            throw new CycleDiffException($"Cycle '{instanceId}' merged nothing (outcome: {cycle.Outcome ?? "none yet"}, status: {cycle.Status}); only a merged cycle has a diff.", StatusCodes.Status404NotFound);
        if (!Directory.Exists(cycle.Target))
            throw new CycleDiffException($"Cycle '{instanceId}' merged {cycle.Commit} into {cycle.Target}, which no longer exists on this machine; the diff can only be read there.", StatusCodes.Status410Gone);
        var outcome = await runner.RunAsync(new CommandSpec("git", ["show", "--stat", "--patch", "--no-color", "--format=fuller", cycle.Commit], cycle.Target, TimeSpan.FromSeconds(30)), cancellationToken);
        if (!outcome.Succeeded)
            throw new CycleDiffException($"git could not show {cycle.Commit} in {cycle.Target} ({outcome.ErrorMessage()}); check that the target still has that commit.", StatusCodes.Status502BadGateway);
        var text = outcome.StandardOutput;
        var truncated = text.Length > MaxChars;
        return new CycleDiff(instanceId, cycle.Target, cycle.Commit, truncated ? text[..MaxChars] : text, truncated);
    }
}
