using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research;

/// <summary>
/// Gathers context for a gap: the files it is about (the failing test's file and the code it covers, files named in
/// errors, the file with the warning or the undocumented API), its error excerpts, and notes from every registered
/// <see cref="IResearchSource"/>.
/// </summary>
public sealed class ResearchService(GitRepositoryProbe git, IEnumerable<IResearchSource> sources, IOptions<ResearchOptions> options)
{
    /// <summary>Researches <paramref name="gap"/> in the snapshot's target.</summary>
    public async Task<ResearchContext> ResearchAsync(Gap gap, MeasurementSnapshot snapshot, CancellationToken cancellationToken)
    {
        var root = snapshot.TargetPath;
        var files = (await git.ListFilesAsync(root, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var found = new List<(string Path, string Reason)>();
        void Add(IEnumerable<string> paths, string reason)
        {
            foreach (var p in paths)
            {
                if (!found.Any(f => f.Path == p)) found.Add((p, reason));
            }
        }

        var errors = new List<string>();
        Add(gap.Files.Where(files.Contains), "named by the gap");
        if (gap.TaskType == TaskTypes.FixFailingTest && FindTest(gap, snapshot) is { } test)
        {
            var errorText = $"{test.Message}\n{test.StackTrace}".Trim();
            if (errorText.Length > 0) errors.Add(Cut(errorText, options.Value.MaxErrorChars));
            var testFiles = FileLocator.Mentioned(errorText, root, files).ToList();
            if (testFiles.Count == 0) testFiles = [.. FileLocator.Containing(test.Name, root, files)];
            Add(testFiles, "holds the failing test or appears in its stack trace");
            foreach (var testFile in testFiles.ToList())
            {
                Add(FileLocator.Imported(testFile, root, files), "imported by the failing test");
                var typeName = Path.GetFileNameWithoutExtension(testFile);
                foreach (var suffix in new[] { "Tests", "Test", ".test", ".spec" })
                {
                    if (typeName.EndsWith(suffix, StringComparison.Ordinal) && typeName.Length > suffix.Length)
                        Add(FileLocator.NamedAfter(typeName[..^suffix.Length], files), "the code under test (named after the test file)");
                }
                if (test.ClassName?.Split('.').Last() is { } className && className.EndsWith("Tests", StringComparison.Ordinal))
                    Add(FileLocator.NamedAfter(className[..^"Tests".Length], files), "the code under test (named after the test class)");
            }
        }
        else if (gap.TaskType == TaskTypes.FixBuild)
        {
            var buildErrors = snapshot.Diagnostics.Where(d => d.Severity == "error").ToList();
            errors.AddRange(buildErrors.Take(10).Select(d => $"{d.File}{(d.Line is { } line ? $"({line})" : "")}: error {d.Code}: {d.Message}"));
            Add(buildErrors.Select(d => d.File).OfType<string>().Where(files.Contains), "has a build error");
        }
        if (errors.Count == 0 && gap.TaskType == TaskTypes.FixFailingTest && snapshot.TestOutputTail is { Length: > 0 } tail)
            errors.Add(Cut(tail, options.Value.MaxErrorChars));

        var relevant = new List<RelevantFile>();
        foreach (var (path, reason) in found.Take(options.Value.MaxFiles))
        {
            var text = await File.ReadAllTextAsync(Path.Combine(root, path), cancellationToken).ConfigureAwait(false);
            var truncated = text.Length > options.Value.MaxFileChars;
            relevant.Add(new RelevantFile(path, reason, truncated ? text[..options.Value.MaxFileChars] : text, truncated));
        }

        var query = new ResearchQuery(root, gap, snapshot, errors);
        var notes = new List<ResearchNote>();
        foreach (var source in sources) notes.AddRange(await AskAsync(source, query, cancellationToken).ConfigureAwait(false));
        return new ResearchContext(gap.Key, relevant, errors, notes);
    }

    // A source that breaks costs its notes, not the cycle: the planner learns that research is incomplete and why.
    private static async Task<IReadOnlyList<ResearchNote>> AskAsync(IResearchSource source, ResearchQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await source.FindAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return [new ResearchNote(source.Name, "research source failed", $"The source '{source.Name}' could not answer ({e.GetType().Name}: {e.Message}); its notes are missing.")];
        }
    }

    private static FailingTest? FindTest(Gap gap, MeasurementSnapshot snapshot) =>
        snapshot.FailingTests.FirstOrDefault(t => gap.Subject == t.Name || gap.Subject == $"{t.ClassName}.{t.Name}")
        ?? snapshot.FailingTests.FirstOrDefault();

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "\n…";
}
