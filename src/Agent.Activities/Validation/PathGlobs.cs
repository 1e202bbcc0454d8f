using Microsoft.Extensions.FileSystemGlobbing;

namespace Agent.Activities.Validation;

/// <summary>A set of globs matched against repository-relative paths ('/' separated), e.g. <c>**/*Tests.cs</c>, <c>src/**</c>.</summary>
public sealed class PathGlobs
{
    private readonly Matcher _matcher = new(StringComparison.Ordinal);

    /// <summary>Creates the set.</summary>
    public PathGlobs(IEnumerable<string> globs)
    {
        Globs = [.. globs.Where(g => !string.IsNullOrWhiteSpace(g))];
        foreach (var glob in Globs) _matcher.AddInclude(glob);
    }

    /// <summary>The globs.</summary>
    public IReadOnlyList<string> Globs { get; }

    /// <summary>True when <paramref name="path"/> matches one of the globs.</summary>
    public bool IsMatch(string? path) => path is { Length: > 0 } && Globs.Count > 0 && _matcher.Match(path.Replace('\\', '/')).HasMatches;

    /// <summary>The first glob <paramref name="path"/> matches, or null.</summary>
    public string? FirstMatch(string path) => Globs.FirstOrDefault(g => new PathGlobs([g]).IsMatch(path));
}
