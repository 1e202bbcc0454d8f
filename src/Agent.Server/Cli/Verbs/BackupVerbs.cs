using Agent.Server.Backup;
using Agent.Server.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent backup create|list|verify|restore</c>: consistent backups of every database and the operator's files.</summary>
public static class BackupVerbs
{
    /// <summary>Adds the <c>backup</c> group to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CliContext context)
    {
        var backup = new Command("backup", "Backups of every database (SQLite online backup or pg_dump) and of .mcp.json, the policy and the goals: create, list, verify, restore.");
        backup.Subcommands.Add(new BackupCreateVerb(context).Command);
        backup.Subcommands.Add(new BackupListVerb(context).Command);
        backup.Subcommands.Add(new BackupVerifyVerb(context).Command);
        backup.Subcommands.Add(new BackupRestoreVerb(context).Command);
        root.Subcommands.Add(backup);
    }
}

/// <summary>
/// The backup services of one verb, from the configuration alone: the host is built but not started, so no database
/// is opened, migrated or created (a restore must find the files closed, and a backup must not create empty ones).
/// </summary>
internal sealed class BackupSession : IDisposable
{
    private readonly IHost _host;

    private BackupSession(IHost host) => _host = host;

    public static BackupSession Open(CliContext context, ParseResult parse)
    {
        var builder = AgentHost.CreateCliBuilder(context.SettingsFor(parse));
        builder.Services.AddAgentBackup(builder.Configuration);
        var session = new BackupSession(builder.Build());
        try { _ = session.Get<IOptions<BackupOptions>>().Value; }
        catch (OptionsValidationException e)
        {
            session.Dispose();
            throw new CliUsageException($"The Backup settings are not valid: {string.Join(" ", e.Failures)}");
        }
        return session;
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="action"/>, turning a <see cref="BackupException"/> into a usage error (exit 2) with its message.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try { return await action(); }
        catch (BackupException e) { throw new CliUsageException(e.Message); }
    }

    public void Dispose() => _host.Dispose();
}

/// <summary><c>agent backup create [--json]</c>.</summary>
public sealed class BackupCreateVerb : Verb
{
    private readonly Option<bool> _json = CommonOptions.Json("the new backup");

    /// <summary>Creates the verb.</summary>
    public BackupCreateVerb(CliContext context) : base(context, "create", "Back up every database and the operator's files now (safe while the server runs), checksummed and verified.") => Command.Add(_json);

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var session = BackupSession.Open(Context, parse);
        var backup = await BackupSession.GuardAsync(() => session.Get<BackupCreator>().CreateAsync(cancellationToken));
        if (parse.GetValue(_json)) Console.WriteJson(BackupJson.From(backup));
        else Console.WriteLine($"Backup {backup.Id} made in {backup.Path}: {backup.Manifest!.Files.Count} files, {BackupJson.Size(backup.Manifest.TotalSize)}, verified.");
        return ExitCodes.Success;
    }
}

/// <summary><c>agent backup list [--json]</c>: newest first, with size and verified state.</summary>
public sealed class BackupListVerb : Verb
{
    private readonly Option<bool> _json = CommonOptions.Json("the backups");

    /// <summary>Creates the verb.</summary>
    public BackupListVerb(CliContext context) : base(context, "list", "The backups in Backup:Directory, newest first, with their size and whether they verified.") => Command.Add(_json);

    /// <inheritdoc />
    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var session = BackupSession.Open(Context, parse);
        var store = session.Get<BackupStore>();
        var backups = store.List();
        if (parse.GetValue(_json)) Console.WriteJson(backups.Select(BackupJson.From));
        else if (backups.Count == 0) Console.WriteLine($"No backups in {store.Root} yet; make one with 'agent backup create'.");
        else
        {
            var table = new Table().AddColumns("Id", "Created (UTC)", "Provider", "Files", "Size", "Verified");
            foreach (var b in backups)
                table.AddRow(Markup.Escape(b.Id), b.Manifest?.CreatedAt.UtcDateTime.ToString("u") ?? "-", b.Manifest?.Provider.ToString() ?? "-",
                    b.Manifest?.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", b.Manifest is null ? "-" : BackupJson.Size(b.Manifest.TotalSize),
                    Markup.Escape(BackupJson.State(b)));
            Console.Output.Write(table);
        }
        return Task.FromResult(ExitCodes.Success);
    }
}

/// <summary><c>agent backup verify [ID] [--json]</c>: re-checks every checksum and opens every copy; all backups when no id is given.</summary>
public sealed class BackupVerifyVerb : Verb
{
    private readonly Argument<string?> _id = new("id") { Description = "The backup (its id, 'latest', or a folder); default: every backup.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<bool> _json = CommonOptions.Json("each backup's verification");

    /// <summary>Creates the verb.</summary>
    public BackupVerifyVerb(CliContext context) : base(context, "verify", "Check backups: every file's size and SHA-256, PRAGMA integrity_check of each SQLite copy, pg_restore --list of each dump. Exit 1 when one fails.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var session = BackupSession.Open(Context, parse);
        var store = session.Get<BackupStore>();
        var backups = await BackupSession.GuardAsync(() => Task.FromResult(parse.GetValue(_id) is { Length: > 0 } id ? [store.Find(id)] : store.List()));
        if (backups.Count == 0) throw new CliUsageException($"There is no backup in {store.Root} to verify; make one with 'agent backup create'.");
        var results = new List<object>();
        var failed = 0;
        foreach (var backup in backups)
        {
            var verification = await session.Get<BackupVerifier>().VerifyAsync(backup, cancellationToken);
            await BackupStore.RecordAsync(backup, verification, cancellationToken);
            if (!verification.Ok) failed++;
            results.Add(new { id = backup.Id, verification.Ok, verification.Problems });
            if (!parse.GetValue(_json))
                Console.WriteLine(verification.Ok ? $"{backup.Id}: ok" : $"{backup.Id}: DAMAGED — {string.Join("; ", verification.Problems)}");
        }
        if (parse.GetValue(_json)) Console.WriteJson(results);
        if (failed > 0) Console.WriteError($"{failed} of {backups.Count} backups failed verification; do not restore them (restore refuses them anyway).");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }
}

/// <summary><c>agent backup restore ID [--json]</c>: verifies, then replaces the databases and files; refuses while a server runs.</summary>
public sealed class BackupRestoreVerb : Verb
{
    private readonly Argument<string> _id = new("id") { Description = "The backup to restore: its id (see 'agent backup list'), 'latest', or a backup folder." };
    private readonly Option<bool> _json = CommonOptions.Json("what was restored");

    /// <summary>Creates the verb.</summary>
    public BackupRestoreVerb(CliContext context)
        : base(context, "restore", "Restore a backup over the configured databases and files. Stop the server first. A damaged backup is refused and nothing is changed.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var session = BackupSession.Open(Context, parse);
        var result = await BackupSession.GuardAsync(async () =>
        {
            var backup = session.Get<BackupStore>().Find(parse.GetValue(_id)!);
            return await session.Get<BackupRestorer>().RestoreAsync(backup, cancellationToken);
        });
        if (parse.GetValue(_json)) Console.WriteJson(result);
        else
        {
            Console.WriteLine($"Backup {result.Backup} restored:");
            foreach (var file in result.Restored) Console.WriteLine($"  {file}");
            foreach (var file in result.LeftAlone) Console.WriteError($"note: {file} is not in the backup and was left as it is.");
        }
        return ExitCodes.Success;
    }
}

/// <summary>How backups are shown.</summary>
internal static class BackupJson
{
    public static object From(BackupFolder b) => new
    {
        id = b.Id,
        path = b.Path,
        createdAt = b.Manifest?.CreatedAt,
        agentVersion = b.Manifest?.AgentVersion,
        provider = b.Manifest?.Provider.ToString(),
        files = b.Manifest?.Files.Count,
        size = b.Manifest?.TotalSize,
        verified = State(b),
        problem = b.ManifestProblem,
    };

    public static string State(BackupFolder b) => b.Manifest is null ? $"damaged: {b.ManifestProblem}"
        : b.Verification is not { } v ? "not verified"
        : v.Ok ? $"ok ({v.At.UtcDateTime:u})"
        : $"damaged ({v.At.UtcDateTime:u}): {string.Join("; ", v.Problems)}";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0} MiB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00} GiB",
    };
}
