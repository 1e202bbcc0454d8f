using System.Text.Json;

namespace Agent.Testing.Http;

/// <summary>Response bodies in the shapes of the outside APIs the research engine reads (Stack Exchange 2.3, GitHub REST, SearXNG, Brave).</summary>
public static class ApiShapes
{
    /// <summary>A Stack Exchange question.</summary>
    public sealed record Question(long Id, string Title, string Link, long? AcceptedAnswerId, int Score = 10, string Body = "<p>How?</p>");

    /// <summary>A Stack Exchange answer.</summary>
    public sealed record Answer(long Id, long QuestionId, bool IsAccepted, int Score, string Body);

    /// <summary>The Stack Exchange wrapper around <paramref name="items"/>, with the quota and an optional <c>backoff</c>.</summary>
    public static string StackExchange(IEnumerable<object> items, int quotaRemaining = 9_000, int? backoff = null)
    {
        var wrapper = new Dictionary<string, object?>
        {
            ["items"] = items.ToList(), ["has_more"] = false, ["quota_max"] = 10_000, ["quota_remaining"] = quotaRemaining,
        };
        if (backoff is { } b) wrapper["backoff"] = b;
        return JsonSerializer.Serialize(wrapper);
    }

    /// <summary>Questions as <c>/search/advanced</c> returns them.</summary>
    public static IEnumerable<object> Questions(params Question[] questions) => questions.Select(q => new Dictionary<string, object?>
    {
        ["question_id"] = q.Id, ["title"] = q.Title, ["link"] = q.Link, ["is_answered"] = true, ["accepted_answer_id"] = q.AcceptedAnswerId,
        ["score"] = q.Score, ["tags"] = new[] { "c#" }, ["body"] = q.Body,
    });

    /// <summary>Answers as <c>/questions/{ids}/answers</c> returns them.</summary>
    public static IEnumerable<object> Answers(params Answer[] answers) => answers.Select(a => new Dictionary<string, object?>
    {
        ["answer_id"] = a.Id, ["question_id"] = a.QuestionId, ["is_accepted"] = a.IsAccepted, ["score"] = a.Score, ["body"] = a.Body,
    });

    /// <summary>The Stack Exchange error wrapper.</summary>
    public static string StackExchangeError(int id, string name, string message) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["error_id"] = id, ["error_name"] = name, ["error_message"] = message });

    /// <summary>GitHub's <c>/search/issues</c> answer with issues (title, html_url, state, body).</summary>
    public static string GitHubIssues(params (string Title, string Url, string State, string Body)[] issues) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["total_count"] = issues.Length,
        ["incomplete_results"] = false,
        ["items"] = issues.Select((i, n) => new Dictionary<string, object?>
        {
            ["id"] = 1000 + n, ["number"] = 10 + n, ["title"] = i.Title, ["html_url"] = i.Url, ["url"] = i.Url, ["state"] = i.State,
            ["body"] = i.Body, ["comments"] = 3, ["created_at"] = "2026-01-02T03:04:05Z", ["updated_at"] = "2026-01-02T03:04:05Z",
            ["user"] = new Dictionary<string, object> { ["login"] = "someone", ["id"] = 1 }, ["labels"] = Array.Empty<object>(),
        }).ToList(),
    });

    /// <summary>The <c>X-RateLimit-*</c> headers GitHub sends.</summary>
    public static IReadOnlyDictionary<string, string> GitHubRateLimit(int remaining, DateTimeOffset reset) => new Dictionary<string, string>
    {
        ["X-RateLimit-Limit"] = "60", ["X-RateLimit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>SearXNG's JSON answer.</summary>
    public static string Searxng(string query, params (string Title, string Url, string Content)[] results) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["query"] = query, ["number_of_results"] = results.Length,
        ["results"] = results.Select(r => new Dictionary<string, object> { ["url"] = r.Url, ["title"] = r.Title, ["content"] = r.Content, ["engine"] = "duckduckgo", ["score"] = 1.0 }).ToList(),
    });

    /// <summary>Brave Search's web answer.</summary>
    public static string Brave(params (string Title, string Url, string Description)[] results) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = "search",
        ["web"] = new Dictionary<string, object> { ["type"] = "search", ["results"] = results.Select(r => new Dictionary<string, object> { ["title"] = r.Title, ["url"] = r.Url, ["description"] = r.Description }).ToList() },
    });
}
