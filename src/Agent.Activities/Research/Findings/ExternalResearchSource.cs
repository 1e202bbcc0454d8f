using System.Globalization;
using System.Text.RegularExpressions;
using Agent.Activities.Gaps;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.Findings;

/// <summary>
/// The research step's window on the outside: turns a gap into a question (its first error line, or its summary), asks
/// the <see cref="SolutionFinder"/> the sources of <see cref="ExternalResearchOptions.Sources"/>, and returns one note per
/// finding with its address and retrieval time, so the Plan prompt cites them. Sources that could not answer make one
/// note saying so. Registered after the error database (<c>learning</c>), so known fixes come first.
/// </summary>
public sealed partial class ExternalResearchSource(SolutionFinder finder, IOptions<ExternalResearchOptions> options) : IResearchSource
{
    /// <inheritdoc />
    public string Name => "solution-finder";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResearchNote>> FindAsync(ResearchQuery query, CancellationToken cancellationToken)
    {
        var sources = options.Value.SourceNames;
        if (sources.Count == 0) return [];
        var search = await finder.SearchAsync(QuestionFor(query), sources, cancellationToken).ConfigureAwait(false);
        var notes = search.Findings.Select(f => new ResearchNote(f.Source, f.Title, f.Excerpt, Url: f.Url, RetrievedAt: f.RetrievedAt)).ToList();
        if (search.Problems.Count > 0)
            notes.Add(new ResearchNote(Name, "research is incomplete", "Some sources could not answer, so these notes may miss something: " + string.Join("; ", search.Problems)));
        return notes;
    }

    /// <summary>The question for a gap: the first meaningful line of its first error, else its summary; plus the addresses and repository named in the errors.</summary>
    public static FindingQuery QuestionFor(ResearchQuery query)
    {
        var errors = string.Join("\n", query.ErrorExcerpts);
        var firstLine = query.ErrorExcerpts.SelectMany(e => e.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault(l => l.Length > 10 && !l.StartsWith("at ", StringComparison.Ordinal));
        var text = firstLine ?? query.Gap.Summary;
        if (text.Length > 200) text = text[..200];
        var urls = UrlInText().Matches(errors).Select(m => m.Value.TrimEnd('.', ')', ',')).Distinct(StringComparer.Ordinal).ToList();
        var repository = urls.Select(u => GitHubRepository().Match(u)).FirstOrDefault(m => m.Success)?.Groups["repo"].Value
                         ?? FailingDependencyRepository(query, errors);
        return new FindingQuery(text, repository, urls);
    }

    // The package the gap is about (an update), else the first tracked package the errors name: its issues are where
    // others reported the same failure.
    private static string? FailingDependencyRepository(ResearchQuery query, string errors)
    {
        var packages = query.Snapshot.Dependencies;
        var package = packages.FirstOrDefault(p => query.Gap.TaskType == TaskTypes.UpdateDependency && p.Package == query.Gap.Subject)
                      ?? packages.FirstOrDefault(p => errors.Contains(p.Package, StringComparison.OrdinalIgnoreCase));
        return package is null ? null : GitHub.PackageRepositoryLocator.Find(package, query.TargetPath);
    }

    /// <summary>The note's citation as the Plan prompt shows it.</summary>
    public static string Citation(string url, DateTimeOffset retrievedAt) =>
        $"(source: {url}, retrieved {retrievedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)})";

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex UrlInText();

    [GeneratedRegex(@"^https?://github\.com/(?<repo>[\w.-]+/[\w.-]+)")]
    private static partial Regex GitHubRepository();
}
