using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Discovery.Persistence;

/// <summary>The capability map's database (<c>capabilities.db</c>): tools as last seen, their history, and scan summaries.</summary>
public class CapabilityDbContext : DbContext
{
    /// <summary>A context on <paramref name="options"/> (SQLite; its migrations are in <c>Discovery/Persistence/Migrations</c>).</summary>
    public CapabilityDbContext(DbContextOptions<CapabilityDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected CapabilityDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Every tool ever seen, with its latest state.</summary>
    public DbSet<ToolRecord> Tools => Set<ToolRecord>();

    /// <summary>When tools appeared, changed their schema, or disappeared.</summary>
    public DbSet<ToolEventRecord> ToolEvents => Set<ToolEventRecord>();

    /// <summary>One row per scan: which servers answered and why others did not.</summary>
    public DbSet<ScanRecord> Scans => Set<ScanRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ToolRecord>(e =>
        {
            e.ToTable("tools");
            e.HasKey(t => t.Id);
            e.Property(t => t.Server).IsRequired();
            e.Property(t => t.Name).IsRequired();
            e.HasIndex(t => new { t.Server, t.Name }).IsUnique();
        });
        modelBuilder.Entity<ToolEventRecord>(e =>
        {
            e.ToTable("tool_events");
            e.HasKey(t => t.Id);
            e.Property(t => t.Kind).HasConversion<string>();
            e.HasIndex(t => new { t.Server, t.Tool, t.AtUtcTicks });
        });
        modelBuilder.Entity<ScanRecord>(e =>
        {
            e.ToTable("scans");
            e.HasKey(s => s.Id);
            e.Property(s => s.Json).IsRequired();
            e.HasIndex(s => s.AtUtcTicks);
        });
    }
}

/// <summary>A tool's latest known state.</summary>
public sealed class ToolRecord
{
    /// <summary>The id.</summary>
    public long Id { get; set; }

    /// <summary>The configured server name.</summary>
    public string Server { get; set; } = "";

    /// <summary>The tool name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The latest description.</summary>
    public string? Description { get; set; }

    /// <summary>The latest input schema (JSON), or null.</summary>
    public string? InputSchemaJson { get; set; }

    /// <summary>The hash of the latest input schema (<see cref="SchemaHasher"/>).</summary>
    public string SchemaHash { get; set; } = "";

    /// <summary>The capability tags, as a JSON array.</summary>
    public string CapabilitiesJson { get; set; } = "[]";

    /// <summary>When it was first seen (UTC ticks).</summary>
    public long FirstSeenUtcTicks { get; set; }

    /// <summary>When a scan last listed it (UTC ticks).</summary>
    public long LastSeenUtcTicks { get; set; }

    /// <summary>Whether the latest successful scan of its server listed it.</summary>
    public bool Present { get; set; }
}

/// <summary>What happened to a tool between two scans.</summary>
public enum ToolEventKind
{
    /// <summary>First listed (or listed again after it had disappeared).</summary>
    Appeared,

    /// <summary>Listed with a different input schema.</summary>
    Changed,

    /// <summary>No longer listed by its server, which did answer.</summary>
    Disappeared,
}

/// <summary>One change in a tool's history.</summary>
public sealed class ToolEventRecord
{
    /// <summary>The id.</summary>
    public long Id { get; set; }

    /// <summary>When (UTC ticks, the scan's time).</summary>
    public long AtUtcTicks { get; set; }

    /// <summary>The server.</summary>
    public string Server { get; set; } = "";

    /// <summary>The tool.</summary>
    public string Tool { get; set; } = "";

    /// <summary>What happened.</summary>
    public ToolEventKind Kind { get; set; }

    /// <summary>The schema hash before (null when it appeared).</summary>
    public string? OldSchemaHash { get; set; }

    /// <summary>The schema hash after (null when it disappeared).</summary>
    public string? NewSchemaHash { get; set; }
}

/// <summary>A scan's summary.</summary>
public sealed class ScanRecord
{
    /// <summary>The id.</summary>
    public long Id { get; set; }

    /// <summary>When it finished (UTC ticks).</summary>
    public long AtUtcTicks { get; set; }

    /// <summary>The target whose <c>.mcp.json</c> was read, or null.</summary>
    public string? TargetPath { get; set; }

    /// <summary>The scan without tool schemas, as JSON (<see cref="ScanReport"/>).</summary>
    public string Json { get; set; } = "";
}
