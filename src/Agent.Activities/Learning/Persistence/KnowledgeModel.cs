using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Persistence;

/// <summary>Table, column and index layout of the knowledge base. Names are fixed here because raw SQL (upserts,
/// FTS5) uses them: snake_case tables, camelCase columns.</summary>
internal static class KnowledgeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ExperienceRecord>(e =>
        {
            e.ToTable("experiences");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TaskType, x.StartedAt });
            e.HasIndex(x => x.FinishedAt);
        });
        b.Entity<ExperienceErrorRecord>(e =>
        {
            e.ToTable("experience_errors");
            e.HasKey(x => new { x.ExperienceId, x.ErrorId });
            e.HasIndex(x => x.ErrorId);
            e.HasOne<ExperienceRecord>().WithMany().HasForeignKey(x => x.ExperienceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ErrorRecord>().WithMany().HasForeignKey(x => x.ErrorId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ErrorRecord>(e =>
        {
            e.ToTable("errors");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Signature).IsUnique();
            e.HasIndex(x => x.LastSeenAt);
        });
        b.Entity<ErrorTermRecord>(e =>
        {
            e.ToTable("error_terms");
            e.HasKey(x => x.Term);
        });
        b.Entity<SolutionRecord>(e =>
        {
            e.ToTable("solutions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ErrorId, x.DescriptionDigest }).IsUnique();
            e.HasOne<ErrorRecord>().WithMany().HasForeignKey(x => x.ErrorId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PatternRecord>(e =>
        {
            e.ToTable("patterns");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TaskType, x.ApproachKey }).IsUnique();
        });
        b.Entity<GraphNodeRecord>(e =>
        {
            e.ToTable("graph_nodes");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Type, x.Key }).IsUnique();
        });
        b.Entity<GraphEdgeRecord>(e =>
        {
            e.ToTable("graph_edges");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.FromId, x.Type, x.ToId }).IsUnique();
            e.HasIndex(x => new { x.ToId, x.Type });
            e.HasOne<GraphNodeRecord>().WithMany().HasForeignKey(x => x.FromId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<GraphNodeRecord>().WithMany().HasForeignKey(x => x.ToId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<IncidentRecord>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.OccurredAt);
            e.HasIndex(x => x.Key).IsUnique();
        });
        b.Entity<MetricRecord>(e =>
        {
            e.ToTable("metrics");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Name, x.RecordedAt });
        });
        b.Entity<DependencyObservationRecord>(e =>
        {
            e.ToTable("dependency_observations");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Target, x.Package, x.ObservedAt });
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
