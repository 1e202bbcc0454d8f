using System.Globalization;
using Agent.Activities.Persistence;
using Agent.Activities.Safety.Budgets.PostgreSql;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Safety.Budgets;

/// <summary>Spend summed over one scope: a UTC day, a UTC month, or an account (a cycle).</summary>
/// <param name="Tokens">Tokens spent.</param>
/// <param name="Usd">US dollars spent.</param>
/// <param name="Runs">Runs charged.</param>
public sealed record SpendTotal(long Tokens, decimal Usd, int Runs)
{
    /// <summary>Nothing spent.</summary>
    public static SpendTotal Zero { get; } = new(0, 0, 0);
}

/// <summary>One charge: when, how much, to which account (cycle) and from which source.</summary>
public sealed record SpendEntry(DateTimeOffset At, long Tokens, decimal Usd, string? Account, string Source);

/// <summary>
/// Every Claude run's spend and every merged self-modification, in a SQLite file (by default the engine's <c>agent.db</c>)
/// or schema <c>budget</c> on PostgreSQL, so day/month budgets and the self-modification rate hold across restarts,
/// processes and replicas. Each row has an id: charging it again changes nothing.
/// </summary>
public sealed class SpendLedger
{
    private readonly BudgetDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created when missing).</summary>
    public SpendLedger(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>budget</c>.</summary>
    public SpendLedger(string path, DatabaseOptions database) => _database = new BudgetDatabase(database, path);

    /// <summary>The database behind the ledger.</summary>
    public BudgetDatabase Database => _database;

    /// <summary>The UTC day key of <paramref name="at"/>, e.g. <c>2026-12-06</c>.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The UTC month key of <paramref name="at"/>, e.g. <c>2026-12</c>.</summary>
    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Charges one run; false when <paramref name="id"/> was already charged.</summary>
    public async Task<bool> ChargeAsync(string id, DateTimeOffset at, string? account, long tokens, decimal usd, string source, CancellationToken cancellationToken)
    {
        if (tokens < 0 || usd < 0) throw new ArgumentOutOfRangeException(nameof(tokens), $"Spend cannot be negative (tokens {tokens}, usd {usd}).");
        return await _database.ReadAsync(s => s.ExecuteAsync("""
            INSERT INTO budget_spend (id, at, day, month, account, tokens, usd, source) VALUES (@id, @at, @day, @month, @account, @tokens, @usd, @source)
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken, ("@id", id), ("@at", Time(at)), ("@day", Day(at)), ("@month", Month(at)), ("@account", account), ("@tokens", tokens),
            ("@usd", usd.ToString(CultureInfo.InvariantCulture)), ("@source", source)), cancellationToken) == 1;
    }

    /// <summary>What was spent on the UTC day of <paramref name="at"/>.</summary>
    public Task<SpendTotal> DayAsync(DateTimeOffset at, CancellationToken cancellationToken) => SumAsync("day", Day(at), cancellationToken);

    /// <summary>What was spent in the UTC month of <paramref name="at"/>.</summary>
    public Task<SpendTotal> MonthAsync(DateTimeOffset at, CancellationToken cancellationToken) => SumAsync("month", Month(at), cancellationToken);

    /// <summary>What was charged to <paramref name="account"/> (a cycle).</summary>
    public Task<SpendTotal> AccountAsync(string account, CancellationToken cancellationToken) => SumAsync("account", account, cancellationToken);

    /// <summary>Every charge at or after <paramref name="since"/>, oldest first (what rate-based checks such as cost-spike detection read).</summary>
    public Task<IReadOnlyList<SpendEntry>> EntriesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        // Stored times are round-trip UTC strings of one width, so text order is time order.
        _database.ReadAsync<IReadOnlyList<SpendEntry>>(async s => await s.ListAsync("SELECT at, tokens, usd, account, source FROM budget_spend WHERE at >= @since ORDER BY at",
            r => new SpendEntry(ParseTime(r.GetString(0)), r.GetInt64(1), decimal.Parse(r.GetString(2), CultureInfo.InvariantCulture), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)),
            cancellationToken, ("@since", Time(since))), cancellationToken);

    /// <summary>Records a change merged into the agent's own repository; false when <paramref name="id"/> was already recorded.</summary>
    public async Task<bool> RecordSelfModificationAsync(string id, DateTimeOffset at, string target, CancellationToken cancellationToken) =>
        await _database.ReadAsync(s => s.ExecuteAsync("INSERT INTO budget_self_modifications (id, at, target) VALUES (@id, @at, @target) ON CONFLICT (id) DO NOTHING",
            cancellationToken, ("@id", id), ("@at", Time(at)), ("@target", target)), cancellationToken) == 1;

    /// <summary>When self-modifications were merged after <paramref name="since"/>, oldest first.</summary>
    public Task<IReadOnlyList<DateTimeOffset>> SelfModificationsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<DateTimeOffset>>(async s => await s.ListAsync("SELECT at FROM budget_self_modifications WHERE at > @since ORDER BY at",
            r => ParseTime(r.GetString(0)), cancellationToken, ("@since", Time(since))), cancellationToken);

    // The column name is one of three constants above, never input; summed here because usd is decimal text.
    private Task<SpendTotal> SumAsync(string column, string key, CancellationToken cancellationToken) =>
        _database.ReadAsync(async s =>
        {
            var rows = await s.ListAsync($"SELECT tokens, usd FROM budget_spend WHERE {column} = @key",
                r => (Tokens: r.GetInt64(0), Usd: decimal.Parse(r.GetString(1), CultureInfo.InvariantCulture)), cancellationToken, ("@key", key));
            return new SpendTotal(rows.Sum(r => r.Tokens), rows.Sum(r => r.Usd), rows.Count);
        }, cancellationToken);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>The spend ledger's database: its SQLite file (by default the engine's <c>agent.db</c>) or schema <c>budget</c>.</summary>
public sealed class BudgetDatabase(DatabaseOptions database, string path) : RawStoreDatabase<BudgetDbContext>(database,
    new SqlStoreSettings(path, PostgresBudgetDbContext.Schema, "budget database", "Persistence:DatabasePath"), "budget_spend", """
        CREATE TABLE IF NOT EXISTS budget_spend (id TEXT PRIMARY KEY, at TEXT NOT NULL, day TEXT NOT NULL, month TEXT NOT NULL,
            account TEXT, tokens INTEGER NOT NULL, usd TEXT NOT NULL, source TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_budget_spend_month ON budget_spend (month);
        CREATE INDEX IF NOT EXISTS ix_budget_spend_account ON budget_spend (account);
        CREATE TABLE IF NOT EXISTS budget_self_modifications (id TEXT PRIMARY KEY, at TEXT NOT NULL, target TEXT NOT NULL);
        """)
{
    /// <inheritdoc />
    protected override BudgetDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresBudgetDbContext(options) : new BudgetDbContext((DbContextOptions<BudgetDbContext>)options);
}
