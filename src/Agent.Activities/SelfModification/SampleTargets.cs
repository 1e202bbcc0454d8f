namespace Agent.Activities.SelfModification;

/// <summary>
/// Makes a fresh git repository from one of the project's sample targets (<c>samples/&lt;name&gt;</c>), so a cycle can
/// be rehearsed on a repository nobody minds being changed: the main job (<c>agent cycle</c>) uses it.
/// </summary>
public sealed class SampleTargets(GitCli git)
{
    // Build output and installed packages never belong to a sample's history.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", "TestResults", ".git" };

    /// <summary>The names of the samples under <paramref name="samplesRoot"/>.</summary>
    public static IReadOnlyList<string> List(string samplesRoot) =>
        Directory.Exists(samplesRoot) ? [.. Directory.EnumerateDirectories(samplesRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)] : [];

    /// <summary>
    /// Copies sample <paramref name="name"/> to <paramref name="destination"/> (replacing what is there) and commits it
    /// as the first commit of branch <c>main</c>; returns the repository's full path.
    /// </summary>
    /// <exception cref="SelfModificationException">There is no such sample; the message lists the ones there are.</exception>
    public async Task<string> CreateAsync(string samplesRoot, string name, string destination, CancellationToken cancellationToken)
    {
        var source = Path.Combine(samplesRoot, name);
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/') || name.Contains('\\') || !Directory.Exists(source))
            throw new SelfModificationException($"There is no sample '{name}' in {samplesRoot}; choose one of: {string.Join(", ", List(samplesRoot))}.");
        var target = Path.GetFullPath(destination);
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Copy(source, target);
        await git.RunAsync(target, ["init", "--quiet", "--initial-branch=main"], cancellationToken);
        await git.RunAsync(target, ["add", "--all"], cancellationToken);
        // A local identity, so the commit works on a machine without a global git configuration.
        await git.RunAsync(target, ["-c", "user.name=Agent sample", "-c", "user.email=agent-sample@localhost", "commit", "--quiet", "-m", $"Sample target {name}"], cancellationToken);
        return target;
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            var folderName = Path.GetFileName(folder);
            if (!SkippedFolders.Contains(folderName)) Copy(folder, Path.Combine(target, folderName));
        }
    }
}
