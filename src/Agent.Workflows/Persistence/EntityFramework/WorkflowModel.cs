using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>Table, column and index layout of <see cref="WorkflowDbContext"/>. Table and column names are
/// what raw SQL in the stores uses, so they are fixed here rather than left to conventions.</summary>
internal static class WorkflowModel
{
    public const string Definitions = "definitions";
    public const string Instances = "instances";
    public const string Bookmarks = "bookmarks";
    public const string Journal = "journal";
    public const string Incidents = "incidents";
    public const string InstanceLeases = "instance_leases";

    public static void Configure(ModelBuilder b)
    {
        b.Entity<DefinitionRecord>(e =>
        {
            e.ToTable(Definitions);
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            e.HasIndex(x => x.DefinitionId);
        });

        b.Entity<InstanceRecord>(e =>
        {
            e.ToTable(Instances);
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Status);
            e.HasIndex(x => x.DefinitionId);
        });

        b.Entity<BookmarkRecord>(e =>
        {
            e.ToTable(Bookmarks);
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Name, x.CorrelationId });
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.ExpiresAt);
            e.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<JournalRecord>(e =>
        {
            e.ToTable(Journal);
            e.HasKey(x => x.Id);
            // A plain INTEGER PRIMARY KEY is SQLite's rowid and is assigned by SQLite when the insert omits it, which
            // the commit does. Marking it generated would make EF add AUTOINCREMENT: a write to sqlite_sequence on
            // every insert of the hot path for a guarantee (ids never reused) nothing here needs.
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => new { x.InstanceId, x.Sequence });
            e.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<IncidentRecord>(e =>
        {
            e.ToTable(Incidents);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => x.InstanceId);
            e.HasOne<InstanceRecord>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });

        // No foreign key to instances: a lease is claimed before a new instance's first commit, so a replica that
        // dies in between leaves an instance no other replica could mistake for orphaned while the lease lives.
        b.Entity<InstanceLeaseRecord>(e =>
        {
            e.ToTable(InstanceLeases);
            e.HasKey(x => x.InstanceId);
            e.HasIndex(x => x.Owner);
        });

        UseCamelCaseColumns(b);
    }

    private static void UseCamelCaseColumns(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        foreach (var property in entity.GetProperties())
            property.SetColumnName(char.ToLowerInvariant(property.Name[0]) + property.Name[1..]);
    }
}
