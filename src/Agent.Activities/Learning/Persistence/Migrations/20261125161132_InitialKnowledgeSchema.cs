using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Learning.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialKnowledgeSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "error_terms",
                columns: table => new
                {
                    term = table.Column<string>(type: "TEXT", nullable: false),
                    docs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_error_terms", x => x.term);
                });

            migrationBuilder.CreateTable(
                name: "errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    signature = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    frames = table.Column<string>(type: "TEXT", nullable: false),
                    terms = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    sample = table.Column<string>(type: "TEXT", nullable: false),
                    occurrences = table.Column<int>(type: "INTEGER", nullable: false),
                    firstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    lastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_errors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "experiences",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    cycleId = table.Column<string>(type: "TEXT", nullable: true),
                    instanceId = table.Column<string>(type: "TEXT", nullable: true),
                    goal = table.Column<string>(type: "TEXT", nullable: false),
                    gap = table.Column<string>(type: "TEXT", nullable: true),
                    taskType = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    promptDigest = table.Column<string>(type: "TEXT", nullable: true),
                    approachKey = table.Column<string>(type: "TEXT", nullable: false),
                    tools = table.Column<string>(type: "TEXT", nullable: false),
                    files = table.Column<string>(type: "TEXT", nullable: false),
                    model = table.Column<string>(type: "TEXT", nullable: true),
                    turns = table.Column<int>(type: "INTEGER", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", nullable: false),
                    humanIntervention = table.Column<bool>(type: "INTEGER", nullable: false),
                    integratedCapability = table.Column<bool>(type: "INTEGER", nullable: false),
                    metricsBeforeJson = table.Column<string>(type: "TEXT", nullable: true),
                    metricsAfterJson = table.Column<string>(type: "TEXT", nullable: true),
                    improvement = table.Column<double>(type: "REAL", nullable: true),
                    costUsd = table.Column<double>(type: "REAL", nullable: false),
                    tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    durationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    startedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    finishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    searchText = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiences", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "graph_nodes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    label = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_graph_nodes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "metrics",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false),
                    scope = table.Column<string>(type: "TEXT", nullable: false),
                    experienceId = table.Column<string>(type: "TEXT", nullable: true),
                    recordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metrics", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "patterns",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    taskType = table.Column<string>(type: "TEXT", nullable: false),
                    approachKey = table.Column<string>(type: "TEXT", nullable: false),
                    successCount = table.Column<int>(type: "INTEGER", nullable: false),
                    failureCount = table.Column<int>(type: "INTEGER", nullable: false),
                    meanImprovement = table.Column<double>(type: "REAL", nullable: true),
                    isAntiPattern = table.Column<bool>(type: "INTEGER", nullable: false),
                    minedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patterns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "solutions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    errorId = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    descriptionDigest = table.Column<string>(type: "TEXT", nullable: false),
                    experienceId = table.Column<string>(type: "TEXT", nullable: true),
                    successCount = table.Column<int>(type: "INTEGER", nullable: false),
                    failureCount = table.Column<int>(type: "INTEGER", nullable: false),
                    workedForAgent = table.Column<bool>(type: "INTEGER", nullable: false),
                    createdAt = table.Column<long>(type: "INTEGER", nullable: false),
                    updatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_solutions", x => x.id);
                    table.ForeignKey(
                        name: "FK_solutions_errors_errorId",
                        column: x => x.errorId,
                        principalTable: "errors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experience_errors",
                columns: table => new
                {
                    experienceId = table.Column<string>(type: "TEXT", nullable: false),
                    errorId = table.Column<long>(type: "INTEGER", nullable: false),
                    @fixed = table.Column<bool>(name: "fixed", type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experience_errors", x => new { x.experienceId, x.errorId });
                    table.ForeignKey(
                        name: "FK_experience_errors_errors_errorId",
                        column: x => x.errorId,
                        principalTable: "errors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_experience_errors_experiences_experienceId",
                        column: x => x.experienceId,
                        principalTable: "experiences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "graph_edges",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    fromId = table.Column<long>(type: "INTEGER", nullable: false),
                    toId = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    weight = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_graph_edges", x => x.id);
                    table.ForeignKey(
                        name: "FK_graph_edges_graph_nodes_fromId",
                        column: x => x.fromId,
                        principalTable: "graph_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_graph_edges_graph_nodes_toId",
                        column: x => x.toId,
                        principalTable: "graph_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_errors_lastSeenAt",
                table: "errors",
                column: "lastSeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_errors_signature",
                table: "errors",
                column: "signature",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experience_errors_errorId",
                table: "experience_errors",
                column: "errorId");

            migrationBuilder.CreateIndex(
                name: "IX_experiences_finishedAt",
                table: "experiences",
                column: "finishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_experiences_taskType_startedAt",
                table: "experiences",
                columns: new[] { "taskType", "startedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_graph_edges_fromId_type_toId",
                table: "graph_edges",
                columns: new[] { "fromId", "type", "toId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_graph_edges_toId_type",
                table: "graph_edges",
                columns: new[] { "toId", "type" });

            migrationBuilder.CreateIndex(
                name: "IX_graph_nodes_type_key",
                table: "graph_nodes",
                columns: new[] { "type", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_metrics_name_recordedAt",
                table: "metrics",
                columns: new[] { "name", "recordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_patterns_taskType_approachKey",
                table: "patterns",
                columns: new[] { "taskType", "approachKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_solutions_errorId_descriptionDigest",
                table: "solutions",
                columns: new[] { "errorId", "descriptionDigest" },
                unique: true);

            // Full-text indexes (FTS5), kept in step with their tables by triggers. errors_fts indexes the error's
            // terms with errors.id as rowid.
            // experiences_fts keeps its own copy of the search text with the experience id beside it.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE errors_fts USING fts5(terms, content='errors', content_rowid='id');");
            migrationBuilder.Sql("CREATE TRIGGER errors_fts_insert AFTER INSERT ON errors BEGIN INSERT INTO errors_fts(rowid, terms) VALUES (new.id, new.terms); END;");
            migrationBuilder.Sql("CREATE TRIGGER errors_fts_delete AFTER DELETE ON errors BEGIN INSERT INTO errors_fts(errors_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END;");
            migrationBuilder.Sql("CREATE TRIGGER errors_fts_update AFTER UPDATE OF terms ON errors BEGIN INSERT INTO errors_fts(errors_fts, rowid, terms) VALUES ('delete', old.id, old.terms); INSERT INTO errors_fts(rowid, terms) VALUES (new.id, new.terms); END;");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE experiences_fts USING fts5(experienceId UNINDEXED, searchText);");
            migrationBuilder.Sql("CREATE TRIGGER experiences_fts_insert AFTER INSERT ON experiences BEGIN INSERT INTO experiences_fts(experienceId, searchText) VALUES (new.id, new.searchText); END;");
            migrationBuilder.Sql("CREATE TRIGGER experiences_fts_delete AFTER DELETE ON experiences BEGIN DELETE FROM experiences_fts WHERE experienceId = old.id; END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS experiences_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS experiences_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS experiences_fts;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS errors_fts_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS errors_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS errors_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS errors_fts;");

            migrationBuilder.DropTable(
                name: "error_terms");

            migrationBuilder.DropTable(
                name: "experience_errors");

            migrationBuilder.DropTable(
                name: "graph_edges");

            migrationBuilder.DropTable(
                name: "metrics");

            migrationBuilder.DropTable(
                name: "patterns");

            migrationBuilder.DropTable(
                name: "solutions");

            migrationBuilder.DropTable(
                name: "experiences");

            migrationBuilder.DropTable(
                name: "graph_nodes");

            migrationBuilder.DropTable(
                name: "errors");
        }
    }
}
