using System.Globalization;
using Microsoft.Data.Sqlite;

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
/// Every Claude run's spend and every merged self-modification, in SQLite, so day/month budgets and the
/// self-modification rate hold across restarts and processes. Each row has an id: charging it again changes nothing.
/// </summary>
public sealed class SpendLedger
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS budget_spend (id TEXT PRIMARY KEY, at TEXT NOT NULL, day TEXT NOT NULL, month TEXT NOT NULL,
            account TEXT, tokens INTEGER NOT NULL, usd TEXT NOT NULL, source TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_budget_spend_month ON budget_spend (month);
        CREATE INDEX IF NOT EXISTS ix_budget_spend_account ON budget_spend (account);
        CREATE TABLE IF NOT EXISTS budget_self_modifications (id TEXT PRIMARY KEY, at TEXT NOT NULL, target TEXT NOT NULL);
        """;

    private readonly SqliteSchemaFile _file;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created when missing).</summary>
    public SpendLedger(string path)
    {
        _file = new SqliteSchemaFile(path, Schema);
    }

    /// <summary>The UTC day key of <paramref name="at"/>, e.g. <c>2026-12-06</c>.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The UTC month key of <paramref name="at"/>, e.g. <c>2026-12</c>.</summary>
    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Charges one run; false when <paramref name="id"/> was already charged.</summary>
    public async Task<bool> ChargeAsync(string id, DateTimeOffset at, string? account, long tokens, decimal usd, string source, CancellationToken cancellationToken)
    {
        if (tokens < 0 || usd < 0) throw new ArgumentOutOfRangeException(nameof(tokens), $"Spend cannot be negative (tokens {tokens}, usd {usd}).");
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO budget_spend (id, at, day, month, account, tokens, usd, source) VALUES ($id, $at, $day, $month, $account, $tokens, $usd, $source)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$day", Day(at));
        command.Parameters.AddWithValue("$month", Month(at));
        command.Parameters.AddWithValue("$account", (object?)account ?? DBNull.Value);
        command.Parameters.AddWithValue("$tokens", tokens);
        command.Parameters.AddWithValue("$usd", usd.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$source", source);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>What was spent on the UTC day of <paramref name="at"/>.</summary>
    public Task<SpendTotal> DayAsync(DateTimeOffset at, CancellationToken cancellationToken) => SumAsync("day", Day(at), cancellationToken);

    /// <summary>What was spent in the UTC month of <paramref name="at"/>.</summary>
    public Task<SpendTotal> MonthAsync(DateTimeOffset at, CancellationToken cancellationToken) => SumAsync("month", Month(at), cancellationToken);

    /// <summary>What was charged to <paramref name="account"/> (a cycle).</summary>
    public Task<SpendTotal> AccountAsync(string account, CancellationToken cancellationToken) => SumAsync("account", account, cancellationToken);

    /// <summary>Every charge at or after <paramref name="since"/>, oldest first (what rate-based checks such as cost-spike detection read).</summary>
    public async Task<IReadOnlyList<SpendEntry>> EntriesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Stored times are round-trip UTC strings of one width, so text order is time order.
        command.CommandText = "SELECT at, tokens, usd, account, source FROM budget_spend WHERE at >= $since ORDER BY at";
        command.Parameters.AddWithValue("$since", since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        var result = new List<SpendEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new SpendEntry(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                reader.GetInt64(1), decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        return result;
    }

    /// <summary>Records a change merged into the agent's own repository; false when <paramref name="id"/> was already recorded.</summary>
    public async Task<bool> RecordSelfModificationAsync(string id, DateTimeOffset at, string target, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO budget_self_modifications (id, at, target) VALUES ($id, $at, $target)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$target", target);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>When self-modifications were merged after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> SelfModificationsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at FROM budget_self_modifications WHERE at > $since ORDER BY at";
        command.Parameters.AddWithValue("$since", since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        var result = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        return result;
    }

    private async Task<SpendTotal> SumAsync(string column, string key, CancellationToken cancellationToken)
    {
        await using var connection = await _file.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The column name is one of three constants above, never input.
        command.CommandText = $"SELECT tokens, usd FROM budget_spend WHERE {column} = $key";
        command.Parameters.AddWithValue("$key", key);
        long tokens = 0;
        decimal usd = 0;
        var runs = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens += reader.GetInt64(0);
            usd += decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            runs++;
        }
        return new SpendTotal(tokens, usd, runs);
    }
}
