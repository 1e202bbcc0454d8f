namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// The statements of one commit. Each one checks its own effect on the server and raises
/// <see cref="ConflictSqlState"/> through <see cref="CheckFunction"/> when it lost a race, so the whole commit can be
/// sent as one batch, in one round trip: a failing statement aborts the batch and PostgreSQL rolls back the rest.
/// Row sets go in as arrays (unnest), so the text of every statement is fixed and Npgsql can keep it prepared.
/// </summary>
internal static class PostgreSqlCommitSql
{
    /// <summary>The SQLSTATE the check function raises; chosen outside every class PostgreSQL defines.</summary>
    public const string ConflictSqlState = "WF409";

    /// <summary>Raises <see cref="ConflictSqlState"/> with the message "reason:offending key" when the key is not null;
    /// created by the PostgreSQL InitialSchema migration. The key is in the message, not the detail, because Npgsql
    /// redacts details unless the connection string says otherwise.</summary>
    public const string CheckFunction = PostgreSqlWorkflowDbContext.Schema + ".commit_conflict_if";

    /// <summary>The reasons the check function reports, as message text.</summary>
    public const string Revision = "revision";
    public const string MissingBookmark = "missing-bookmark";
    public const string DuplicateBookmark = "duplicate-bookmark";

    private const string S = PostgreSqlWorkflowDbContext.Schema;

    // $1 definitionId, $2 definitionVersionId, $3 version, $4 status, $5 correlationId, $6 name, $7 updatedAt,
    // $8 finishedAt, $9 stateJson, $10 id, $11 expected revision. The revision is the optimistic lock: a writer that
    // read an older revision (e.g. a replica that lost the instance to another) updates nothing and fails the check.
    private const string UpdateInstanceCte =
        $"w AS (UPDATE {S}.instances SET \"definitionId\"=$1, \"definitionVersionId\"=$2, \"version\"=$3, \"status\"=$4, " +
        "\"correlationId\"=$5, \"name\"=$6, \"updatedAt\"=$7, \"finishedAt\"=$8, \"stateJson\"=$9, \"revision\"=$11+1 " +
        "WHERE \"id\"=$10 AND \"revision\"=$11 RETURNING 1)";

    // Same parameters as UpdateInstanceCte plus $12 createdAt; a new instance is revision 1, and an existing id fails.
    private const string InsertInstanceCte =
        $"w AS (INSERT INTO {S}.instances (\"definitionId\", \"definitionVersionId\", \"version\", \"status\", \"correlationId\", " +
        "\"name\", \"updatedAt\", \"finishedAt\", \"stateJson\", \"id\", \"revision\", \"createdAt\") " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11+1, $12) ON CONFLICT (\"id\") DO NOTHING RETURNING 1)";

    // The journal rows of the step, one array per column from ${0} on; the instance id is $10. unnest yields the rows in
    // array order, so ids follow the journal.
    private const string InsertJournalCte =
        $"j AS (INSERT INTO {S}.journal (\"instanceId\", \"sequence\", \"activityId\", \"activityType\", \"activityName\", \"startedAt\", " +
        "\"completedAt\", \"durationMs\", \"status\", \"outcomes\", \"error\", \"payload\") " +
        "SELECT $10, * FROM unnest(${0}::bigint[], ${1}::text[], ${2}::text[], ${3}::text[], ${4}::bigint[], ${5}::bigint[], " +
        "${6}::double precision[], ${7}::text[], ${8}::text[], ${9}::text[], ${10}::text[]))";

    // One journal row as scalar parameters from ${0} on: the commit of one activity, nearly every commit, spares the
    // server eleven one-element arrays to decode and unnest, and the client eleven arrays to build.
    private const string InsertJournalRowCte =
        $"j AS (INSERT INTO {S}.journal (\"instanceId\", \"sequence\", \"activityId\", \"activityType\", \"activityName\", \"startedAt\", " +
        "\"completedAt\", \"durationMs\", \"status\", \"outcomes\", \"error\", \"payload\") " +
        "VALUES ($10, ${0}, ${1}, ${2}, ${3}, ${4}, ${5}, ${6}, ${7}, ${8}, ${9}, ${10}))";

    // CASE evaluates lazily and the check function is volatile (never folded at plan time), so a commit that kept its
    // revision, nearly all of them, does not call into PL/pgSQL at all; only a lost race calls it, and it raises.
    private const string RevisionCheck =
        $" SELECT CASE WHEN EXISTS (SELECT 1 FROM w) THEN true ELSE {CheckFunction}('{Revision}', $11::text) END";

    /// <summary>The number of journal columns <see cref="InstanceWithJournal"/> takes after the instance's parameters.</summary>
    public const int JournalColumns = 11;

    /// <summary>Updates an existing instance (parameters $1..$11).</summary>
    public const string UpdateInstance = "WITH " + UpdateInstanceCte + RevisionCheck;

    /// <summary>Inserts a new instance (parameters $1..$12).</summary>
    public const string InsertInstance = "WITH " + InsertInstanceCte + RevisionCheck;

    // The instance and the step's journal rows in one statement, for the commit of almost every activity: one statement
    // instead of two halves what the server parses, binds, executes and answers per commit. Data-modifying CTEs all
    // run to completion; a failed revision check raises, which aborts the statement and so the journal rows with it.
    private static readonly string UpdateInstanceWithJournalRow = WithJournal(UpdateInstanceCte, InsertJournalRowCte, 12);
    private static readonly string InsertInstanceWithJournalRow = WithJournal(InsertInstanceCte, InsertJournalRowCte, 13);
    private static readonly string UpdateInstanceWithJournal = WithJournal(UpdateInstanceCte, InsertJournalCte, 12);
    private static readonly string InsertInstanceWithJournal = WithJournal(InsertInstanceCte, InsertJournalCte, 13);

    /// <summary>
    /// The statement for a commit's instance row with its journal rows: none, one (scalar parameters) or several (one
    /// array per column). Either way the <see cref="JournalColumns"/> journal parameters follow the instance's.
    /// </summary>
    public static string InstanceWithJournal(bool isNew, int journalRows) => (isNew, journalRows) switch
    {
        (true, 0) => InsertInstance,
        (false, 0) => UpdateInstance,
        (true, 1) => InsertInstanceWithJournalRow,
        (false, 1) => UpdateInstanceWithJournalRow,
        (true, _) => InsertInstanceWithJournal,
        (false, _) => UpdateInstanceWithJournal,
    };

    private static string WithJournal(string instanceCte, string journalCte, int firstJournalParameter)
    {
        var numbers = Enumerable.Range(firstJournalParameter, JournalColumns).Select(n => (object)n).ToArray();
        return "WITH " + instanceCte + ", " + string.Format(System.Globalization.CultureInfo.InvariantCulture, journalCte, numbers) + RevisionCheck;
    }

    // $1 instance id, $2 bookmark ids. Only the instance's own bookmarks; the first id not deleted is reported.
    public const string DeleteBookmarks =
        $"WITH d AS (DELETE FROM {S}.bookmarks WHERE \"instanceId\"=$1 AND \"id\" = ANY($2) RETURNING \"id\") " +
        $"SELECT {CheckFunction}('{MissingBookmark}', " +
        "(SELECT r.id FROM unnest($2::text[]) WITH ORDINALITY AS r(id, n) WHERE NOT EXISTS (SELECT 1 FROM d WHERE d.\"id\" = r.id) ORDER BY r.n LIMIT 1))";

    // $1..$8 one array per column; the first id that already existed is reported.
    public const string InsertBookmarks =
        $"WITH a AS (INSERT INTO {S}.bookmarks (\"id\", \"name\", \"instanceId\", \"activityId\", \"correlationId\", \"payloadJson\", " +
        "\"createdAt\", \"expiresAt\") SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], " +
        "$7::bigint[], $8::bigint[]) ON CONFLICT (\"id\") DO NOTHING RETURNING \"id\") " +
        $"SELECT {CheckFunction}('{DuplicateBookmark}', " +
        "(SELECT r.id FROM unnest($1::text[]) WITH ORDINALITY AS r(id, n) WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.\"id\" = r.id) ORDER BY r.n LIMIT 1))";

    // $1 instance id, $2..$7 one array per column.
    public const string InsertIncidents =
        $"INSERT INTO {S}.incidents (\"instanceId\", \"activityId\", \"activityType\", \"message\", \"exceptionType\", \"stackTrace\", \"timestamp\") " +
        "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])";
}
