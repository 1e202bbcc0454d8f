namespace Agent.Server.MainJob;

/// <summary>
/// The scripted model's rehearsal of one cycle per sample target: scripts under <c>scripts/model/</c> that make the real,
/// correct fix for the sample's top gap, so an offline cycle changes the code exactly as a model would.
/// </summary>
public static class RehearsalScripts
{
    private static readonly Dictionary<string, string> BySample = new(StringComparer.Ordinal)
    {
        ["dotnet-calculator"] = "rehearsal-fix-failing-test-dotnet.json",
        ["node-strings"] = "rehearsal-fix-failing-test-node.json",
    };

    /// <summary>The script for <paramref name="sample"/> under <paramref name="repositoryRoot"/>.</summary>
    /// <exception cref="Cli.CliUsageException">No rehearsal exists for that sample; the message says how to give one.</exception>
    public static string For(string repositoryRoot, string sample) =>
        BySample.TryGetValue(sample, out var file)
            ? Path.Combine(repositoryRoot, "scripts", "model", file)
            : throw new Cli.CliUsageException($"There is no rehearsal script for sample '{sample}'; pass one with --script scripts/model/<file>.json, or use --live.");
}
