using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Discovery.Persistence;

/// <summary>A change a scan found, as <see cref="CapabilityStore.RecordAsync"/> reports it.</summary>
/// <param name="Server">The server.</param>
/// <param name="Tool">The tool.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When (the scan's time).</param>
/// <param name="OldSchemaHash">The schema hash before, or null.</param>
/// <param name="NewSchemaHash">The schema hash after, or null.</param>
public sealed record ToolChange(string Server, string Tool, ToolEventKind Kind, DateTimeOffset At, string? OldSchemaHash, string? NewSchemaHash);

/// <summary>A tool the map currently holds.</summary>
/// <param name="Server">The server.</param>
/// <param name="Name">The tool.</param>
/// <param name="Description">Its description.</param>
/// <param name="Capabilities">Its capability tags.</param>
/// <param name="FirstSeen">When it first appeared.</param>
/// <param name="LastSeen">When a scan last listed it.</param>
public sealed record MappedTool(string Server, string Name, string? Description, IReadOnlyList<string> Capabilities, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>
/// The capability map with history. Rules: a tool listed for the first time (or again after disappearing) appeared; a
/// tool listed with another schema hash changed; a tool of a server that answered but no longer lists it disappeared.
/// Tools of a server that failed, or was not part of the scan, keep their state: an unreachable server is not proof that
/// its tools are gone.
/// </summary>
public sealed class CapabilityStore(CapabilityDatabase database)
{
    /// <summary>Records <paramref name="scan"/> and returns what changed since the previous scans.</summary>
    public async Task<IReadOnlyList<ToolChange>> RecordAsync(CapabilityScan scan, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var at = scan.ScannedAt.UtcTicks;
        var changes = new List<ToolChange>();
        foreach (var server in scan.Servers.Where(s => s.Status == ServerScanStatus.Ok))
        {
            var known = await db.Tools.Where(t => t.Server == server.Name).ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            foreach (var tool in server.Tools)
            {
                var hash = tool.SchemaHash;
                if (!known.Remove(tool.Name, out var record))
                {
                    record = new ToolRecord { Server = server.Name, Name = tool.Name, FirstSeenUtcTicks = at };
                    db.Tools.Add(record);
                    changes.Add(new ToolChange(server.Name, tool.Name, ToolEventKind.Appeared, scan.ScannedAt, null, hash));
                }
                else if (!record.Present)
                {
                    changes.Add(new ToolChange(server.Name, tool.Name, ToolEventKind.Appeared, scan.ScannedAt, record.SchemaHash, hash));
                }
                else if (record.SchemaHash != hash)
                {
                    changes.Add(new ToolChange(server.Name, tool.Name, ToolEventKind.Changed, scan.ScannedAt, record.SchemaHash, hash));
                }
                record.Description = tool.Description;
                record.InputSchemaJson = tool.InputSchema?.GetRawText();
                record.SchemaHash = hash;
                record.CapabilitiesJson = JsonSerializer.Serialize(tool.Capabilities);
                record.LastSeenUtcTicks = at;
                record.Present = true;
            }
            foreach (var gone in known.Values.Where(r => r.Present))
            {
                gone.Present = false;
                changes.Add(new ToolChange(server.Name, gone.Name, ToolEventKind.Disappeared, scan.ScannedAt, gone.SchemaHash, null));
            }
        }
        db.ToolEvents.AddRange(changes.Select(c => new ToolEventRecord
        {
            AtUtcTicks = at, Server = c.Server, Tool = c.Tool, Kind = c.Kind, OldSchemaHash = c.OldSchemaHash, NewSchemaHash = c.NewSchemaHash,
        }));
        db.Scans.Add(new ScanRecord { AtUtcTicks = at, TargetPath = scan.TargetPath, Json = ScanReport.From(scan).ToJson() });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return changes;
    }

    /// <summary>The tools present in the map, by server and name.</summary>
    public async Task<IReadOnlyList<MappedTool>> CurrentToolsAsync(CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Tools.AsNoTracking().Where(t => t.Present).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Server, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => new MappedTool(
            r.Server, r.Name, r.Description, JsonSerializer.Deserialize<string[]>(r.CapabilitiesJson) ?? [],
            new DateTimeOffset(r.FirstSeenUtcTicks, TimeSpan.Zero), new DateTimeOffset(r.LastSeenUtcTicks, TimeSpan.Zero)))];
    }

    /// <summary>The history of every tool (or of one server's), oldest first.</summary>
    public async Task<IReadOnlyList<ToolChange>> HistoryAsync(string? server, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var query = db.ToolEvents.AsNoTracking();
        if (server is not null) query = query.Where(e => e.Server == server);
        var rows = await query.OrderBy(e => e.AtUtcTicks).ThenBy(e => e.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(e => new ToolChange(e.Server, e.Tool, e.Kind, new DateTimeOffset(e.AtUtcTicks, TimeSpan.Zero), e.OldSchemaHash, e.NewSchemaHash))];
    }

    /// <summary>The latest scan's report, or null when nothing was scanned yet.</summary>
    public async Task<ScanReport?> LatestScanAsync(CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Scans.AsNoTracking().OrderByDescending(s => s.AtUtcTicks).ThenByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ScanReport.FromJson(row.Json);
    }
}
