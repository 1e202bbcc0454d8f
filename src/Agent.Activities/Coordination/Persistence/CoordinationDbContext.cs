using Agent.Activities.Persistence;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agent.Activities.Coordination.Persistence;

/// <summary>
/// Owns the schema of the coordination database (agents, messages, deliveries, incidents, switches, tasks, spawn
/// requests, consensus rounds): its migrations create the tables the old <c>CREATE … IF NOT EXISTS</c> DDL made, column
/// for column, so a file made by that DDL is baselined (<see cref="Messaging.CoordinationDatabase"/>) and both look the same to the
/// stores. SQLite migrations are in <c>Coordination/Persistence/Migrations</c>; <see cref="PostgresCoordinationDbContext"/> has PostgreSQL's.
/// </summary>
public class CoordinationDbContext : DbContext
{
    /// <summary>A context on <paramref name="options"/> (SQLite).</summary>
    public CoordinationDbContext(DbContextOptions<CoordinationDbContext> options) : base(options) { }

    /// <summary>For the provider-specific derived context.</summary>
    protected CoordinationDbContext(DbContextOptions options) : base(options) { }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ConfigureMessaging(modelBuilder);
        ConfigureTasks(modelBuilder);
        ConfigureConsensus(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    private static void ConfigureMessaging(ModelBuilder model)
    {
        model.Entity<AgentEntity>(e =>
        {
            e.ToTable("agents").HasKey(a => a.Id);
            e.HasIndex(a => a.Role).HasDatabaseName("ix_agents_role");
        });
        model.Entity<MessageEntity>(e =>
        {
            e.ToTable("messages").HasKey(m => m.Seq);
            e.Property(m => m.Seq).ValueGeneratedOnAdd();
            // The public id beside the sequence key: NOT NULL as in the old DDL (EF would not infer it for a non-key "Id").
            e.Property(m => m.Id).IsRequired();
            e.HasIndex(m => m.Id).IsUnique();
            e.HasIndex(m => m.Sender).HasDatabaseName("ix_messages_sender");
        });
        model.Entity<DeliveryEntity>(e =>
        {
            e.ToTable("deliveries").HasKey(d => new { d.MessageSeq, d.AgentId });
            e.HasOne<MessageEntity>().WithMany().HasForeignKey(d => d.MessageSeq).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(d => new { d.AgentId, d.State, d.MessageSeq }).HasDatabaseName("ix_deliveries_agent_state");
            // One workflow execution takes at most one message: its execution id is the claim's idempotency key.
            e.HasIndex(d => d.Consumer).IsUnique().HasFilter("consumer LIKE 'workflow:%'").HasDatabaseName("ux_deliveries_workflow_consumer");
        });
        model.Entity<IncidentEntity>(e =>
        {
            e.ToTable("incidents").HasKey(i => i.Id);
            e.HasIndex(i => i.Fingerprint).IsUnique();
            e.HasIndex(i => i.At).HasDatabaseName("ix_incidents_at");
        });
        model.Entity<ControlEntity>(e => e.ToTable("coordination_control").HasKey(c => c.Name));
    }

    private static void ConfigureTasks(ModelBuilder model)
    {
        model.Entity<TaskEntity>(e =>
        {
            e.ToTable("tasks").HasKey(t => t.Seq);
            e.Property(t => t.Seq).ValueGeneratedOnAdd();
            // The public id beside the sequence key: NOT NULL as in the old DDL (EF would not infer it for a non-key "Id").
            e.Property(t => t.Id).IsRequired();
            e.Property(t => t.Attempts).HasDefaultValue(0L);
            e.HasIndex(t => t.Id).IsUnique();
            e.HasIndex(t => new { t.Status, t.Role, t.QueuedAt, t.Seq }).HasDatabaseName("ix_tasks_status_role");
            e.HasIndex(t => new { t.LeaseOwner, t.Status }).HasDatabaseName("ix_tasks_owner");
            // One workflow execution holds at most one task: its execution id is the lease's idempotency key.
            e.HasIndex(t => t.Consumer).IsUnique().HasFilter("consumer LIKE 'workflow:%'").HasDatabaseName("ux_tasks_workflow_consumer");
        });
        model.Entity<AgentCapabilityEntity>(e =>
        {
            e.ToTable("agent_capabilities").HasKey(c => c.AgentId);
            e.HasOne<AgentEntity>().WithOne().HasForeignKey<AgentCapabilityEntity>(c => c.AgentId).OnDelete(DeleteBehavior.NoAction);
        });
        model.Entity<SpawnRequestEntity>(e =>
        {
            e.ToTable("spawn_requests").HasKey(s => s.Seq);
            e.Property(s => s.Seq).ValueGeneratedOnAdd();
            // The public id beside the sequence key: NOT NULL as in the old DDL (EF would not infer it for a non-key "Id").
            e.Property(s => s.Id).IsRequired();
            e.HasIndex(s => s.Id).IsUnique();
            e.HasIndex(s => s.AgentId).IsUnique();
            e.HasIndex(s => new { s.Status, s.Seq }).HasDatabaseName("ix_spawn_requests_status");
        });
    }

    private static void ConfigureConsensus(ModelBuilder model)
    {
        model.Entity<ConsensusRoundEntity>(e =>
        {
            e.ToTable("consensus_rounds").HasKey(r => r.Id);
            e.Property(r => r.Reasoning).HasDefaultValue("[]");
            // One round per cycle and gap: opening it again (a re-run after a crash) finds the same round.
            e.HasIndex(r => new { r.CycleId, r.GapKey }).IsUnique();
        });
        model.Entity<ConsensusCandidateEntity>(e =>
        {
            e.ToTable("consensus_candidates").HasKey(c => c.Id);
            e.Property(c => c.Gated).HasDefaultValue(0L);
            e.Property(c => c.GateFailures).HasDefaultValue("[]");
            e.HasOne<ConsensusRoundEntity>().WithMany().HasForeignKey(c => c.RoundId).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(c => new { c.RoundId, c.Ordinal }).IsUnique();
        });
        model.Entity<ConsensusVerdictEntity>(e =>
        {
            // One verdict per reviewer and candidate: the first one recorded stands.
            e.ToTable("consensus_verdicts").HasKey(v => new { v.CandidateId, v.Reviewer });
            e.HasOne<ConsensusRoundEntity>().WithMany().HasForeignKey(v => v.RoundId).OnDelete(DeleteBehavior.NoAction);
            e.HasOne<ConsensusCandidateEntity>().WithMany().HasForeignKey(v => v.CandidateId).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(v => v.RoundId).HasDatabaseName("ix_consensus_verdicts_round");
        });
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the context (<c>scripts/dev/add-migration.sh CoordinationDbContext NAME</c>); never used at run time.</summary>
internal sealed class CoordinationDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CoordinationDbContext>
{
    public CoordinationDbContext CreateDbContext(string[] args) =>
        new(SqliteDesignTime.Options<CoordinationDbContext>("coordination"));
}
