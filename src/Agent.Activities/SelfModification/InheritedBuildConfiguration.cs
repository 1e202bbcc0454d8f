namespace Agent.Activities.SelfModification;

/// <summary>
/// The configuration files that build tools find by walking up the directory tree from a checkout — MSBuild's
/// <c>Directory.Build.*</c>, the SDK's <c>global.json</c>, NuGet's <c>NuGet.config</c>, editorconfig, node's
/// <c>node_modules</c> and npm/yarn/pnpm settings, pytest's and Python's project files. A worktree must see exactly the
/// ones its target's own checkout sees, or it is built and tested under someone else's settings (the agent's own
/// <c>global.json</c> turning a VSTest project's <c>dotnet test</c> into a refusal, say). Pure file-system reads.
/// </summary>
public static class InheritedBuildConfiguration
{
    // Where the nearest file wins, a copy at the repository's own root hides every copy above it.
    private static readonly string[] NearestWins =
    [
        "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "Directory.Build.rsp",
        "pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", "package.json", "pnpm-workspace.yaml",
    ];

    // These are merged along the whole walk (or searched for modules), so a copy above counts whatever the root holds.
    private static readonly string[] Merged = ["NuGet.config", ".editorconfig", "node_modules", ".npmrc", ".yarnrc", ".yarnrc.yml", "conftest.py"];

    /// <summary>
    /// The configuration files above <paramref name="checkout"/> (not inside it) that apply to it, given the names its
    /// own root holds (<paramref name="ownFiles"/>): full paths, nearest first.
    /// </summary>
    public static IReadOnlyList<string> Above(string checkout, IReadOnlySet<string> ownFiles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkout);
        ArgumentNullException.ThrowIfNull(ownFiles);
        var found = new List<string>();
        for (var dir = Directory.GetParent(Path.GetFullPath(checkout)); dir is not null; dir = dir.Parent)
        {
            foreach (var entry in SafeEntries(dir.FullName))
            {
                var name = Path.GetFileName(entry);
                var nearest = NearestWins.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (nearest is not null && !ownFiles.Contains(nearest)) found.Add(entry);
                else if (Merged.Any(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))) found.Add(entry);
            }
        }
        return found;
    }

    /// <summary>The configuration file names (as <see cref="Above"/> knows them) present at the root of <paramref name="checkout"/>.</summary>
    public static IReadOnlySet<string> AtRoot(string checkout) =>
        SafeEntries(checkout).Select(Path.GetFileName).OfType<string>()
            .Select(name => NearestWins.Concat(Merged).FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Why a checkout at <paramref name="checkout"/> of the repository at <paramref name="repository"/> would not build
    /// and test as the repository does, naming the first file that differs; null when both see the same files.
    /// </summary>
    public static string? WhyNotLike(string repository, string checkout)
    {
        var own = AtRoot(repository);
        var theirs = Above(repository, own).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var ours = Above(checkout, own).Select(Path.GetFullPath).ToList();
        if (ours.FirstOrDefault(f => !theirs.Contains(f)) is { } extra)
            return $"'{extra}' applies to a checkout at '{checkout}' but not to '{repository}' itself";
        if (theirs.Except(ours, StringComparer.Ordinal).FirstOrDefault() is { } missing)
            return $"'{missing}' applies to '{repository}' but not to a checkout at '{checkout}'";
        return null;
    }

    private static IEnumerable<string> SafeEntries(string directory)
    {
        // Sorted, so the file an error names is the same on every machine.
        try { return Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList(); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { return []; }
    }
}
