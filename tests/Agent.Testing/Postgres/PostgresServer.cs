using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Agent.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server of the machine's Debian package, started in a temporary data directory on a free loopback
/// port and removed on dispose. Tests create a fresh database each with <see cref="CreateDatabaseAsync"/>. Durability
/// settings are relaxed (no fsync): the tests kill our processes, never the database server.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly string _binDirectory;
    private readonly string _root;
    private int _databaseCount;

    private readonly bool _durable;

    private PostgresServer(string binDirectory, string root, int port, bool durable)
    {
        _durable = durable;
        _binDirectory = binDirectory;
        _root = root;
        Port = port;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's data directory.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The folder of the server's binaries (pg_dump, pg_restore, psql …).</summary>
    public string BinDirectory => _binDirectory;

    /// <summary>A connection string to the <c>postgres</c> maintenance database as the superuser.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>Runs initdb and starts a server for tests (durability relaxed); fails with what to install when PostgreSQL is missing.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(durable: false, cancellationToken);

    /// <summary>Runs initdb and starts the server; fails with what to install when PostgreSQL is missing.</summary>
    /// <param name="durable">
    /// Keep PostgreSQL's crash safety (fsync, full page writes) for measurements that must reflect a real server; the
    /// default relaxes it, which is safe for tests because they never kill the database server.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PostgresServer> StartAsync(bool durable, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        var root = TempFolder.Create("agent-postgres");
        var server = new PostgresServer(bin, root, FreePort(), durable);
        try
        {
            await server.InitializeAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a new empty database and returns a connection string to it.</summary>
    /// <param name="prefix">A readable prefix for the database name (letters, digits, underscores).</param>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        if (prefix.Length is 0 or > 20 || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new ArgumentException("Use 1-20 letters, digits or underscores as the database name prefix.", nameof(prefix));
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCount)}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>A connection string to <paramref name="database"/> as the superuser, without pooling across tests.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Timeout = 30,
    }.ToString();

    /// <summary>Stops the server immediately and removes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try { await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None); }
            catch (InvalidOperationException) { /* already gone; removing the folder is all that is left */ }
        }
        NpgsqlConnection.ClearAllPools();
        TempFolder.Delete(_root);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        if (RunsAsRoot) await RunRawAsync("chown", ["-R", $"{Superuser}:{Superuser}", _root], cancellationToken);
        await RunAsync("initdb", ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
        // Durable: fsync and full page writes on; commits wait for the WAL writer (synchronous_commit=off), which is the
        // same promise as the engine's SQLite setting (WAL, synchronous=NORMAL): nothing committed is lost when a
        // process dies, the last moments may be lost on power failure.
        var safety = _durable ? "-c synchronous_commit=off" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var settings = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 {safety} -c max_connections=300 -c shared_buffers=64MB";
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", settings, "-w", "-t", "60", "start"], cancellationToken);
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    // initdb and the server refuse to run as root, so as root they run as the package's own unprivileged user.
    private Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return RunsAsRoot
            ? RunRawAsync("runuser", ["-u", Superuser, "--", path, .. arguments], cancellationToken)
            : RunRawAsync(path, arguments, cancellationToken);
    }

    private static async Task RunRawAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string FindBinDirectory()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0) return Path.Combine(versions[0], "bin");
        throw new InvalidOperationException(
            "PostgreSQL's server binaries were not found under /usr/lib/postgresql/<version>/bin. Install the Debian package " +
            "'postgresql' (./test.sh installs it), then run the tests again.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
