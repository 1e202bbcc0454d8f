using System.Text.RegularExpressions;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// Do not weaken tests or safety checks. From the diff: a test file deleted, fewer assertions or more skip markers
/// (<c>[Ignore]</c>, <c>.skip</c>, <c>@pytest.mark.skip</c>…) in a test file, a protected path edited, the policy file
/// loosened (a <c>deny</c>/<c>require-approval</c> line removed or an <c>allow</c> added), or a CI configuration that lost
/// lines or made a step non-failing (<c>continue-on-error</c>, <c>|| true</c>, <c>--no-verify</c>).
/// </summary>
public sealed partial class NoWeakenedChecksChecker(IOptions<ValidationOptions> validation, IOptions<DecisionsOptions> options) : IPrincipleChecker
{
    private readonly PathGlobs _tests = new(validation.Value.TestFiles);
    private readonly PathGlobs _protected = new(validation.Value.ProtectedPaths);
    private readonly PathGlobs _ci = new(options.Value.CiPaths);
    private readonly HashSet<string> _policies = new(options.Value.PolicyFiles, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public string Principle => PrincipleIds.NoWeakenedChecks;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Diff is null) return Task.FromResult(PrincipleResult.Pass(Principle, $"a {subject.Kind} decision changes no files"));
        var problems = subject.Diff.Files.SelectMany(Problems).ToList();
        return Task.FromResult(problems.Count > 0
            ? PrincipleResult.Fail(Principle, DecisionOutcome.Deny, problems)
            : PrincipleResult.Pass(Principle, $"{subject.Diff.Files.Count} changed file(s): no test removed or skipped, no assertion lost, no protected, policy or CI file weakened"));
    }

    private IEnumerable<string> Problems(FileChange file)
    {
        var isTest = _tests.IsMatch(file.Path) || _tests.IsMatch(file.OldPath);
        if (isTest && file.Kind == FileChangeKind.Deleted) yield return $"test file '{file.Path}' deleted";
        if (isTest && file.Kind != FileChangeKind.Deleted)
        {
            var before = AssertionCounter.Count(file.OldPath ?? file.Path, file.Before);
            var after = AssertionCounter.Count(file.Path, file.After);
            if (after.Assertions < before.Assertions) yield return $"'{file.Path}': {before.Assertions} → {after.Assertions} assertions";
            if (after.SkipMarkers > before.SkipMarkers) yield return $"'{file.Path}': {after.SkipMarkers - before.SkipMarkers} skip marker(s) added";
        }
        foreach (var path in new[] { file.Path, file.OldPath }.OfType<string>().Distinct())
            if (_protected.FirstMatch(path) is { } glob) yield return $"protected path '{path}' ({glob}) {file.Kind.ToString().ToLowerInvariant()}";
        var (removed, added) = LineChanges(file.Before, file.After);
        if (_policies.Contains(Path.GetFileName(file.Path)))
        {
            if (file.Kind == FileChangeKind.Deleted) yield return $"policy file '{file.Path}' deleted";
            foreach (var line in removed.Where(l => Strict().IsMatch(l))) yield return $"policy file '{file.Path}' lost '{line.Trim()}'";
            foreach (var line in added.Where(l => Allow().IsMatch(l))) yield return $"policy file '{file.Path}' gained '{line.Trim()}'";
        }
        if (_ci.IsMatch(file.Path))
        {
            if (file.Kind == FileChangeKind.Deleted) yield return $"CI configuration '{file.Path}' deleted";
            else if (removed.Count > 0) yield return $"CI configuration '{file.Path}' lost {removed.Count} line(s), e.g. '{removed[0].Trim()}'";
            foreach (var line in added.Where(l => NonFailing().IsMatch(l))) yield return $"CI configuration '{file.Path}' makes a step non-failing: '{line.Trim()}'";
        }
    }

    // Lines only in the old text and lines only in the new one (as multisets): enough to see a rule removed or added.
    private static (List<string> Removed, List<string> Added) LineChanges(string? before, string? after)
    {
        var old = (before ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        var now = (after ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        var removed = new List<string>(old);
        var added = new List<string>();
        foreach (var line in now) if (!removed.Remove(line)) added.Add(line);
        return (removed, added);
    }

    [GeneratedRegex(@"\b(deny|require-approval|require-consensus)\b")] private static partial Regex Strict();
    [GeneratedRegex(@"\ballow\b")] private static partial Regex Allow();
    [GeneratedRegex(@"continue-on-error:\s*true|\|\|\s*true|--no-verify|allow_failure:\s*true|exit 0")] private static partial Regex NonFailing();
}
