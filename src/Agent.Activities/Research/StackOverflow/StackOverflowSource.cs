using System.Net;
using Agent.Activities.Research.Findings;

namespace Agent.Activities.Research.StackOverflow;

/// <summary>
/// Stack Overflow questions with an accepted answer that match the problem; each finding is the question's address
/// with its accepted (else best-voted) answer as the excerpt.
/// </summary>
public sealed class StackOverflowSource(StackExchangeClient client, TimeProvider clock) : IFindingSource
{
    /// <inheritdoc />
    public string Name => SourceList.StackOverflow;

    /// <inheritdoc />
    public string? Unavailable => null;

    /// <inheritdoc />
    public async Task<SourceAnswer> SearchAsync(FindingQuery query, int max, CancellationToken cancellationToken)
    {
        var retrieved = clock.GetUtcNow();
        var questions = (await client.SearchAsync(query.Text, cancellationToken).ConfigureAwait(false)).Take(max).ToList();
        if (questions.Count == 0) return new SourceAnswer([]);
        var answers = await client.AnswersAsync([.. questions.Select(q => q.QuestionId)], cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>();
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var best = answers.Where(a => a.QuestionId == q.QuestionId)
                .OrderByDescending(a => a.AnswerId == q.AcceptedAnswerId || a.IsAccepted)
                .ThenByDescending(a => a.Score)
                .FirstOrDefault();
            var excerpt = best is null ? HtmlText.ToText(q.Body, 2000) : HtmlText.ToText(best.Body, 2000);
            // Relevance order from the API, lifted a little for an accepted answer.
            var score = (1.0 - (double)i / questions.Count) * (best is { IsAccepted: true } || best?.AnswerId == q.AcceptedAnswerId ? 1.0 : 0.8);
            findings.Add(new Finding(Name, WebUtility.HtmlDecode(q.Title), q.Link, excerpt, score, retrieved));
        }
        return new SourceAnswer(findings);
    }
}
