using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Agent.Server.Backup;

/// <summary>
/// PostgreSQL's own tools, run as child processes: <c>pg_dump --format=custom</c> of the whole database,
/// <c>pg_restore --list</c> to check a dump, and <c>pg_restore --clean --if-exists</c> in one transaction to restore it.
/// The connection comes from <c>Database:ConnectionString</c> (Npgsql form), handed over as libpq environment
/// variables so the password never appears on a command line.
/// </summary>
public sealed class PostgresTools(IOptions<BackupOptions> options)
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>Dumps the database of <paramref name="connectionString"/> into <paramref name="file"/>.</summary>
    /// <exception cref="BackupException">pg_dump is missing or failed.</exception>
    public async Task DumpAsync(string connectionString, string file, CancellationToken cancellationToken)
    {
        var (environment, database) = Connection(connectionString);
        try { await RunAsync("pg_dump", ["--format=custom", "--no-password", $"--file={file}", $"--dbname={database}"], environment, cancellationToken); }
        catch (BackupException e)
        {
            throw new BackupException($"{e.Message} Check Database:ConnectionString, that the server is reachable and that pg_dump's major version is at least the server's (set Backup:PostgresBinDirectory).");
        }
        FileChecksum.FlushToDisk(file);
    }

    /// <summary>Reads the table of contents of a dump; null when it is readable, else what is wrong.</summary>
    public async Task<string?> CheckAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync("pg_restore", ["--list", file], new Dictionary<string, string>(), cancellationToken);
            return null;
        }
        catch (BackupException e)
        {
            return e.Message;
        }
    }

    /// <summary>Restores a dump over the database of <paramref name="connectionString"/>: all of it or, on an error, nothing.</summary>
    /// <exception cref="BackupException">pg_restore is missing or failed (the transaction was rolled back).</exception>
    public async Task RestoreAsync(string connectionString, string file, CancellationToken cancellationToken)
    {
        var (environment, database) = Connection(connectionString);
        try
        {
            await RunAsync("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-password", $"--dbname={database}", file],
                environment, cancellationToken);
        }
        catch (BackupException e)
        {
            throw new BackupException($"{e.Message} The restore ran in one transaction and was rolled back; check Database:ConnectionString and that the user may drop and create the backed-up objects.");
        }
    }

    /// <summary>The full path of <paramref name="tool"/>: Backup:PostgresBinDirectory, then the PATH, then the newest Debian server package.</summary>
    /// <exception cref="BackupException">Not found anywhere.</exception>
    public string Find(string tool)
    {
        if (options.Value.PostgresBinDirectory is { Length: > 0 } configured)
        {
            var path = Path.Combine(configured, tool);
            return File.Exists(path) ? path : throw new BackupException($"{tool} is not in Backup:PostgresBinDirectory ({configured}); point it at the folder holding pg_dump and pg_restore, or unset it to search the PATH.");
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(folder, tool))) return Path.Combine(folder, tool);
        var debian = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot).Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return debian ?? throw new BackupException(
            $"{tool} was not found on the PATH nor under {DebianRoot}/<version>/bin; install PostgreSQL's client tools (Debian: apt-get install postgresql-client) or set Backup:PostgresBinDirectory.");
    }

    private static (Dictionary<string, string> Environment, string Database) Connection(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(params string[] keys) => keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var database = Get("Database", "Db") ?? throw new BackupException("Database:ConnectionString names no database (Database=…); add it, e.g. Host=db;Database=agent;Username=agent.");
        var environment = new Dictionary<string, string>();
        void Set(string variable, string? value) { if (value is { Length: > 0 }) environment[variable] = value; }
        Set("PGHOST", Get("Host", "Server"));
        Set("PGPORT", Get("Port"));
        Set("PGUSER", Get("Username", "User Id", "User Name", "UserId", "User"));
        Set("PGPASSWORD", Get("Password", "Pwd"));
        Set("PGSSLMODE", Get("SSL Mode", "SslMode")?.ToLowerInvariant() switch { "verifyfull" => "verify-full", "verifyca" => "verify-ca", var m => m });
        return (environment, database);
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Find(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new BackupException($"{tool} could not be started; check that {start.FileName} is executable.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await process.WaitForExitAsync(cancellationToken); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new BackupException($"{tool} failed (exit {process.ExitCode}): {(await error).Trim()} {Tail(await output)}".Trim());
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text.Trim();
}
