using Agent.Activities.Learning.Persistence.PostgreSql;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The full-text queries of the knowledge base, per provider. SQLite has the FTS5 tables <c>errors_fts</c> and
/// <c>experiences_fts</c> (kept by triggers); PostgreSQL has GIN indexes over <c>to_tsvector('simple', …)</c> of the same
/// columns. Both take the query's words quoted, so a word is matched as the index tokenized it and never read as syntax.
/// </summary>
internal static class KnowledgeTextSearch
{
    private const string ErrorVector = "to_tsvector('simple', terms)";
    private const string ExperienceVector = "to_tsvector('simple', searchText)";
    private const string Query = "websearch_to_tsquery('simple', @match)";

    /// <summary>Whether <paramref name="db"/> is on PostgreSQL.</summary>
    public static bool IsPostgreSql(KnowledgeDbContext db) => db is PostgresKnowledgeDbContext;

    /// <summary>A match of any of <paramref name="terms"/>.</summary>
    public static string AnyOf(KnowledgeDbContext db, IEnumerable<string> terms) =>
        string.Join(IsPostgreSql(db) ? " or " : " OR ", terms.Select(Quote));

    /// <summary>A match of all of <paramref name="terms"/>.</summary>
    public static string AllOf(KnowledgeDbContext db, IEnumerable<string> terms) =>
        string.Join(IsPostgreSql(db) ? " " : " AND ", terms.Select(Quote));

    /// <summary>
    /// A query of the ids (column <c>rowid</c>) of up to <c>@limit</c> errors whose terms match <c>@match</c>: best ranked
    /// first, or newest first (cheap: no scoring of every match).
    /// </summary>
    public static string ErrorIds(KnowledgeDbContext db, bool ranked) => IsPostgreSql(db)
        ? $"SELECT id AS rowid FROM errors WHERE {ErrorVector} @@ {Query} ORDER BY {(ranked ? $"ts_rank({ErrorVector}, {Query}) DESC, id DESC" : "id DESC")} LIMIT @limit"
        : $"SELECT rowid FROM errors_fts WHERE errors_fts MATCH @match ORDER BY {(ranked ? "rank" : "rowid DESC")} LIMIT @limit";

    /// <summary>A query of the ids of up to <c>@k</c> experiences whose search text matches <c>@match</c>, best first.</summary>
    public static string ExperienceIds(KnowledgeDbContext db) => IsPostgreSql(db)
        ? $"SELECT id FROM experiences WHERE {ExperienceVector} @@ {Query} ORDER BY ts_rank({ExperienceVector}, {Query}) DESC, startedAt DESC LIMIT @k"
        : "SELECT experienceId FROM experiences_fts WHERE experiences_fts MATCH @match ORDER BY rank LIMIT @k";

    // Both syntaxes take a double-quoted phrase; the normalizer's terms hold no double quote, but one is dropped to be sure.
    private static string Quote(string term) => '"' + term.Replace("\"", "", StringComparison.Ordinal) + '"';
}
