using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Coordination.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCoordination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    role = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false),
                    last_seen_at = table.Column<string>(type: "TEXT", nullable: true),
                    parent_id = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "consensus_rounds",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    cycle_id = table.Column<string>(type: "TEXT", nullable: false),
                    gap_key = table.Column<string>(type: "TEXT", nullable: false),
                    target = table.Column<string>(type: "TEXT", nullable: false),
                    implementers = table.Column<long>(type: "INTEGER", nullable: false),
                    reviewers = table.Column<long>(type: "INTEGER", nullable: false),
                    quorum = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    selection = table.Column<string>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", nullable: true),
                    selected_candidate = table.Column<string>(type: "TEXT", nullable: true),
                    reasoning = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "[]"),
                    merged_commit = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false),
                    closed_at = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consensus_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "coordination_control",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    set_at = table.Column<string>(type: "TEXT", nullable: false),
                    set_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coordination_control", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    detector = table.Column<string>(type: "TEXT", nullable: false),
                    agents = table.Column<string>(type: "TEXT", nullable: false),
                    summary = table.Column<string>(type: "TEXT", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false),
                    published_at = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    sender = table.Column<string>(type: "TEXT", nullable: false),
                    recipient = table.Column<string>(type: "TEXT", nullable: false),
                    correlation_id = table.Column<string>(type: "TEXT", nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "spawn_requests",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    agent_id = table.Column<string>(type: "TEXT", nullable: false),
                    role = table.Column<string>(type: "TEXT", nullable: false),
                    parent_id = table.Column<string>(type: "TEXT", nullable: true),
                    correlation_id = table.Column<string>(type: "TEXT", nullable: true),
                    max_usd = table.Column<double>(type: "REAL", nullable: true),
                    max_tokens = table.Column<long>(type: "INTEGER", nullable: true),
                    permission_mode = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    instance_id = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_spawn_requests", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    role = table.Column<string>(type: "TEXT", nullable: false),
                    capabilities = table.Column<string>(type: "TEXT", nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    correlation_id = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", nullable: true),
                    lease_expires_at = table.Column<string>(type: "TEXT", nullable: true),
                    consumer = table.Column<string>(type: "TEXT", nullable: true),
                    attempts = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    reason = table.Column<string>(type: "TEXT", nullable: true),
                    result = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    queued_at = table.Column<string>(type: "TEXT", nullable: false),
                    leased_at = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false),
                    finished_at = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tasks", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "agent_capabilities",
                columns: table => new
                {
                    agent_id = table.Column<string>(type: "TEXT", nullable: false),
                    capabilities = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_capabilities", x => x.agent_id);
                    table.ForeignKey(
                        name: "FK_agent_capabilities_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "consensus_candidates",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    round_id = table.Column<string>(type: "TEXT", nullable: false),
                    ordinal = table.Column<long>(type: "INTEGER", nullable: false),
                    task_id = table.Column<string>(type: "TEXT", nullable: false),
                    implementer = table.Column<string>(type: "TEXT", nullable: true),
                    worktree = table.Column<string>(type: "TEXT", nullable: false),
                    gated = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    gates_passed = table.Column<long>(type: "INTEGER", nullable: true),
                    gate_failures = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "[]"),
                    improvement_score = table.Column<double>(type: "REAL", nullable: true),
                    lines_changed = table.Column<long>(type: "INTEGER", nullable: true),
                    diff_stat = table.Column<string>(type: "TEXT", nullable: true),
                    gated_at = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consensus_candidates", x => x.id);
                    table.ForeignKey(
                        name: "FK_consensus_candidates_consensus_rounds_round_id",
                        column: x => x.round_id,
                        principalTable: "consensus_rounds",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    message_seq = table.Column<long>(type: "INTEGER", nullable: false),
                    agent_id = table.Column<string>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    delivered_at = table.Column<string>(type: "TEXT", nullable: true),
                    acked_at = table.Column<string>(type: "TEXT", nullable: true),
                    consumer = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deliveries", x => new { x.message_seq, x.agent_id });
                    table.ForeignKey(
                        name: "FK_deliveries_messages_message_seq",
                        column: x => x.message_seq,
                        principalTable: "messages",
                        principalColumn: "seq");
                });

            migrationBuilder.CreateTable(
                name: "consensus_verdicts",
                columns: table => new
                {
                    candidate_id = table.Column<string>(type: "TEXT", nullable: false),
                    reviewer = table.Column<string>(type: "TEXT", nullable: false),
                    round_id = table.Column<string>(type: "TEXT", nullable: false),
                    verdict = table.Column<string>(type: "TEXT", nullable: false),
                    score = table.Column<double>(type: "REAL", nullable: true),
                    reasons = table.Column<string>(type: "TEXT", nullable: false),
                    abstain_reason = table.Column<string>(type: "TEXT", nullable: true),
                    at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consensus_verdicts", x => new { x.candidate_id, x.reviewer });
                    table.ForeignKey(
                        name: "FK_consensus_verdicts_consensus_candidates_candidate_id",
                        column: x => x.candidate_id,
                        principalTable: "consensus_candidates",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "FK_consensus_verdicts_consensus_rounds_round_id",
                        column: x => x.round_id,
                        principalTable: "consensus_rounds",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "ix_agents_role",
                table: "agents",
                column: "role");

            migrationBuilder.CreateIndex(
                name: "IX_consensus_candidates_round_id_ordinal",
                table: "consensus_candidates",
                columns: new[] { "round_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_consensus_rounds_cycle_id_gap_key",
                table: "consensus_rounds",
                columns: new[] { "cycle_id", "gap_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consensus_verdicts_round",
                table: "consensus_verdicts",
                column: "round_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_agent_state",
                table: "deliveries",
                columns: new[] { "agent_id", "state", "message_seq" });

            migrationBuilder.CreateIndex(
                name: "ux_deliveries_workflow_consumer",
                table: "deliveries",
                column: "consumer",
                unique: true,
                filter: "consumer LIKE 'workflow:%'");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_fingerprint",
                table: "incidents",
                column: "fingerprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_incidents_at",
                table: "incidents",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_messages_id",
                table: "messages",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender",
                table: "messages",
                column: "sender");

            migrationBuilder.CreateIndex(
                name: "IX_spawn_requests_agent_id",
                table: "spawn_requests",
                column: "agent_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_spawn_requests_id",
                table: "spawn_requests",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_spawn_requests_status",
                table: "spawn_requests",
                columns: new[] { "status", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_id",
                table: "tasks",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_owner",
                table: "tasks",
                columns: new[] { "lease_owner", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_status_role",
                table: "tasks",
                columns: new[] { "status", "role", "queued_at", "seq" });

            migrationBuilder.CreateIndex(
                name: "ux_tasks_workflow_consumer",
                table: "tasks",
                column: "consumer",
                unique: true,
                filter: "consumer LIKE 'workflow:%'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_capabilities");

            migrationBuilder.DropTable(
                name: "consensus_verdicts");

            migrationBuilder.DropTable(
                name: "coordination_control");

            migrationBuilder.DropTable(
                name: "deliveries");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "spawn_requests");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "consensus_candidates");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "consensus_rounds");
        }
    }
}
