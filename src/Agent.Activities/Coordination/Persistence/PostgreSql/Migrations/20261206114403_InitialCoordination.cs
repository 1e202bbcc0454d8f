using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Coordination.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialCoordination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "coordination");

            migrationBuilder.CreateTable(
                name: "agents",
                schema: "coordination",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    role = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    updated_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    last_seen_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    parent_id = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "consensus_rounds",
                schema: "coordination",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    cycle_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    gap_key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    target = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    implementers = table.Column<long>(type: "bigint", nullable: false),
                    reviewers = table.Column<long>(type: "bigint", nullable: false),
                    quorum = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    selection = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    outcome = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    selected_candidate = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    reasoning = table.Column<string>(type: "text", nullable: false, defaultValue: "[]", collation: "C"),
                    merged_commit = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    updated_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    closed_at = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consensus_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "coordination_control",
                schema: "coordination",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    reason = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    set_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    set_by = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coordination_control", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "coordination",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    fingerprint = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    detector = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    agents = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    summary = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    evidence = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    action = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    published_at = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                schema: "coordination",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    type = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    sender = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    recipient = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    correlation_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    payload = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "spawn_requests",
                schema: "coordination",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    agent_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    role = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    parent_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    correlation_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    max_usd = table.Column<double>(type: "double precision", nullable: true),
                    max_tokens = table.Column<long>(type: "bigint", nullable: true),
                    permission_mode = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    instance_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    updated_at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_spawn_requests", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                schema: "coordination",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    role = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    capabilities = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    payload = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    correlation_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    lease_owner = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    lease_expires_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    consumer = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    attempts = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    reason = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    result = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    queued_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    leased_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    updated_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    finished_at = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tasks", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "agent_capabilities",
                schema: "coordination",
                columns: table => new
                {
                    agent_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    capabilities = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    source = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    updated_at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_capabilities", x => x.agent_id);
                    table.ForeignKey(
                        name: "FK_agent_capabilities_agents_agent_id",
                        column: x => x.agent_id,
                        principalSchema: "coordination",
                        principalTable: "agents",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "consensus_candidates",
                schema: "coordination",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    round_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ordinal = table.Column<long>(type: "bigint", nullable: false),
                    task_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    implementer = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    worktree = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    gated = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    gates_passed = table.Column<long>(type: "bigint", nullable: true),
                    gate_failures = table.Column<string>(type: "text", nullable: false, defaultValue: "[]", collation: "C"),
                    improvement_score = table.Column<double>(type: "double precision", nullable: true),
                    lines_changed = table.Column<long>(type: "bigint", nullable: true),
                    diff_stat = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    gated_at = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consensus_candidates", x => x.id);
                    table.ForeignKey(
                        name: "FK_consensus_candidates_consensus_rounds_round_id",
                        column: x => x.round_id,
                        principalSchema: "coordination",
                        principalTable: "consensus_rounds",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "deliveries",
                schema: "coordination",
                columns: table => new
                {
                    message_seq = table.Column<long>(type: "bigint", nullable: false),
                    agent_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    state = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    delivered_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    acked_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    consumer = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deliveries", x => new { x.message_seq, x.agent_id });
                    table.ForeignKey(
                        name: "FK_deliveries_messages_message_seq",
                        column: x => x.message_seq,
                        principalSchema: "coordination",
                        principalTable: "messages",
                        principalColumn: "seq");
                });

            migrationBuilder.CreateTable(
                name: "consensus_verdicts",
                schema: "coordination",
                columns: table => new
                {
                    candidate_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    reviewer = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    round_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    verdict = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    score = table.Column<double>(type: "double precision", nullable: true),
                    reasons = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    abstain_reason = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consensus_verdicts", x => new { x.candidate_id, x.reviewer });
                    table.ForeignKey(
                        name: "FK_consensus_verdicts_consensus_candidates_candidate_id",
                        column: x => x.candidate_id,
                        principalSchema: "coordination",
                        principalTable: "consensus_candidates",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "FK_consensus_verdicts_consensus_rounds_round_id",
                        column: x => x.round_id,
                        principalSchema: "coordination",
                        principalTable: "consensus_rounds",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_agents_role",
                schema: "coordination",
                table: "agents",
                column: "role");

            migrationBuilder.CreateIndex(
                name: "IX_consensus_candidates_round_id_ordinal",
                schema: "coordination",
                table: "consensus_candidates",
                columns: new[] { "round_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_consensus_rounds_cycle_id_gap_key",
                schema: "coordination",
                table: "consensus_rounds",
                columns: new[] { "cycle_id", "gap_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consensus_verdicts_round",
                schema: "coordination",
                table: "consensus_verdicts",
                column: "round_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_agent_state",
                schema: "coordination",
                table: "deliveries",
                columns: new[] { "agent_id", "state", "message_seq" });

            migrationBuilder.CreateIndex(
                name: "ux_deliveries_workflow_consumer",
                schema: "coordination",
                table: "deliveries",
                column: "consumer",
                unique: true,
                filter: "consumer LIKE 'workflow:%'");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_fingerprint",
                schema: "coordination",
                table: "incidents",
                column: "fingerprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_incidents_at",
                schema: "coordination",
                table: "incidents",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_messages_id",
                schema: "coordination",
                table: "messages",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender",
                schema: "coordination",
                table: "messages",
                column: "sender");

            migrationBuilder.CreateIndex(
                name: "IX_spawn_requests_agent_id",
                schema: "coordination",
                table: "spawn_requests",
                column: "agent_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_spawn_requests_id",
                schema: "coordination",
                table: "spawn_requests",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_spawn_requests_status",
                schema: "coordination",
                table: "spawn_requests",
                columns: new[] { "status", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_id",
                schema: "coordination",
                table: "tasks",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_owner",
                schema: "coordination",
                table: "tasks",
                columns: new[] { "lease_owner", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_status_role",
                schema: "coordination",
                table: "tasks",
                columns: new[] { "status", "role", "queued_at", "seq" });

            migrationBuilder.CreateIndex(
                name: "ux_tasks_workflow_consumer",
                schema: "coordination",
                table: "tasks",
                column: "consumer",
                unique: true,
                filter: "consumer LIKE 'workflow:%'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_capabilities",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "consensus_verdicts",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "coordination_control",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "deliveries",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "spawn_requests",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "tasks",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "agents",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "consensus_candidates",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "messages",
                schema: "coordination");

            migrationBuilder.DropTable(
                name: "consensus_rounds",
                schema: "coordination");
        }
    }
}
