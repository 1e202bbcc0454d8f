using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Learning.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialKnowledgeSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "knowledge");

            migrationBuilder.CreateTable(
                name: "dependency_observations",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    target = table.Column<string>(type: "text", nullable: false),
                    ecosystem = table.Column<string>(type: "text", nullable: false),
                    package = table.Column<string>(type: "text", nullable: false),
                    current = table.Column<string>(type: "text", nullable: true),
                    latest = table.Column<string>(type: "text", nullable: true),
                    advisory = table.Column<string>(type: "text", nullable: true),
                    observedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dependency_observations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "error_terms",
                schema: "knowledge",
                columns: table => new
                {
                    term = table.Column<string>(type: "text", nullable: false),
                    docs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_error_terms", x => x.term);
                });

            migrationBuilder.CreateTable(
                name: "errors",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    signature = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    frames = table.Column<string>(type: "text", nullable: false),
                    terms = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    sample = table.Column<string>(type: "text", nullable: false),
                    occurrences = table.Column<int>(type: "integer", nullable: false),
                    firstseenat = table.Column<long>(type: "bigint", nullable: false),
                    lastseenat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_errors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "experiences",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    cycleid = table.Column<string>(type: "text", nullable: true),
                    instanceid = table.Column<string>(type: "text", nullable: true),
                    goal = table.Column<string>(type: "text", nullable: false),
                    gap = table.Column<string>(type: "text", nullable: true),
                    tasktype = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    promptdigest = table.Column<string>(type: "text", nullable: true),
                    approachkey = table.Column<string>(type: "text", nullable: false),
                    tools = table.Column<string>(type: "text", nullable: false),
                    files = table.Column<string>(type: "text", nullable: false),
                    model = table.Column<string>(type: "text", nullable: true),
                    turns = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    humanintervention = table.Column<bool>(type: "boolean", nullable: false),
                    integratedcapability = table.Column<bool>(type: "boolean", nullable: false),
                    metricsbeforejson = table.Column<string>(type: "text", nullable: true),
                    metricsafterjson = table.Column<string>(type: "text", nullable: true),
                    improvement = table.Column<double>(type: "double precision", nullable: true),
                    costusd = table.Column<double>(type: "double precision", nullable: false),
                    tokens = table.Column<long>(type: "bigint", nullable: false),
                    durationms = table.Column<long>(type: "bigint", nullable: false),
                    startedat = table.Column<long>(type: "bigint", nullable: false),
                    finishedat = table.Column<long>(type: "bigint", nullable: false),
                    searchtext = table.Column<string>(type: "text", nullable: false),
                    repository = table.Column<string>(type: "text", nullable: true),
                    gapclosed = table.Column<bool>(type: "boolean", nullable: false),
                    mergedcommit = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiences", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "graph_nodes",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    label = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_graph_nodes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    repository = table.Column<string>(type: "text", nullable: true),
                    cycleid = table.Column<string>(type: "text", nullable: true),
                    instanceid = table.Column<string>(type: "text", nullable: true),
                    gap = table.Column<string>(type: "text", nullable: true),
                    message = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: true),
                    occurredat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "metrics",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    scope = table.Column<string>(type: "text", nullable: false),
                    experienceid = table.Column<string>(type: "text", nullable: true),
                    recordedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metrics", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "patterns",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tasktype = table.Column<string>(type: "text", nullable: false),
                    approachkey = table.Column<string>(type: "text", nullable: false),
                    successcount = table.Column<int>(type: "integer", nullable: false),
                    failurecount = table.Column<int>(type: "integer", nullable: false),
                    meanimprovement = table.Column<double>(type: "double precision", nullable: true),
                    isantipattern = table.Column<bool>(type: "boolean", nullable: false),
                    minedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patterns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "solutions",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    errorid = table.Column<long>(type: "bigint", nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    descriptiondigest = table.Column<string>(type: "text", nullable: false),
                    experienceid = table.Column<string>(type: "text", nullable: true),
                    successcount = table.Column<int>(type: "integer", nullable: false),
                    failurecount = table.Column<int>(type: "integer", nullable: false),
                    workedforagent = table.Column<bool>(type: "boolean", nullable: false),
                    createdat = table.Column<long>(type: "bigint", nullable: false),
                    updatedat = table.Column<long>(type: "bigint", nullable: false),
                    commitid = table.Column<string>(type: "text", nullable: true),
                    repository = table.Column<string>(type: "text", nullable: true),
                    quarantinedat = table.Column<long>(type: "bigint", nullable: true),
                    quarantinereason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_solutions", x => x.id);
                    table.ForeignKey(
                        name: "FK_solutions_errors_errorid",
                        column: x => x.errorid,
                        principalSchema: "knowledge",
                        principalTable: "errors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experience_errors",
                schema: "knowledge",
                columns: table => new
                {
                    experienceid = table.Column<string>(type: "text", nullable: false),
                    errorid = table.Column<long>(type: "bigint", nullable: false),
                    @fixed = table.Column<bool>(name: "fixed", type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experience_errors", x => new { x.experienceid, x.errorid });
                    table.ForeignKey(
                        name: "FK_experience_errors_errors_errorid",
                        column: x => x.errorid,
                        principalSchema: "knowledge",
                        principalTable: "errors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_experience_errors_experiences_experienceid",
                        column: x => x.experienceid,
                        principalSchema: "knowledge",
                        principalTable: "experiences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "graph_edges",
                schema: "knowledge",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    fromid = table.Column<long>(type: "bigint", nullable: false),
                    toid = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    weight = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_graph_edges", x => x.id);
                    table.ForeignKey(
                        name: "FK_graph_edges_graph_nodes_fromid",
                        column: x => x.fromid,
                        principalSchema: "knowledge",
                        principalTable: "graph_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_graph_edges_graph_nodes_toid",
                        column: x => x.toid,
                        principalSchema: "knowledge",
                        principalTable: "graph_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dependency_observations_target_package_observedat",
                schema: "knowledge",
                table: "dependency_observations",
                columns: new[] { "target", "package", "observedat" });

            migrationBuilder.CreateIndex(
                name: "IX_errors_lastseenat",
                schema: "knowledge",
                table: "errors",
                column: "lastseenat");

            migrationBuilder.CreateIndex(
                name: "IX_errors_signature",
                schema: "knowledge",
                table: "errors",
                column: "signature",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experience_errors_errorid",
                schema: "knowledge",
                table: "experience_errors",
                column: "errorid");

            migrationBuilder.CreateIndex(
                name: "IX_experiences_finishedat",
                schema: "knowledge",
                table: "experiences",
                column: "finishedat");

            migrationBuilder.CreateIndex(
                name: "IX_experiences_tasktype_startedat",
                schema: "knowledge",
                table: "experiences",
                columns: new[] { "tasktype", "startedat" });

            migrationBuilder.CreateIndex(
                name: "IX_graph_edges_fromid_type_toid",
                schema: "knowledge",
                table: "graph_edges",
                columns: new[] { "fromid", "type", "toid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_graph_edges_toid_type",
                schema: "knowledge",
                table: "graph_edges",
                columns: new[] { "toid", "type" });

            migrationBuilder.CreateIndex(
                name: "IX_graph_nodes_type_key",
                schema: "knowledge",
                table: "graph_nodes",
                columns: new[] { "type", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_key",
                schema: "knowledge",
                table: "incidents",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_occurredat",
                schema: "knowledge",
                table: "incidents",
                column: "occurredat");

            migrationBuilder.CreateIndex(
                name: "IX_metrics_name_recordedat",
                schema: "knowledge",
                table: "metrics",
                columns: new[] { "name", "recordedat" });

            migrationBuilder.CreateIndex(
                name: "IX_patterns_tasktype_approachkey",
                schema: "knowledge",
                table: "patterns",
                columns: new[] { "tasktype", "approachkey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_solutions_errorid_descriptiondigest",
                schema: "knowledge",
                table: "solutions",
                columns: new[] { "errorid", "descriptiondigest" },
                unique: true);

            // The full-text indexes the SQLite schema keeps as FTS5 tables (KnowledgeTextSearch queries them).
            migrationBuilder.Sql("CREATE INDEX ix_errors_terms_search ON knowledge.errors USING GIN (to_tsvector('simple', terms));");
            migrationBuilder.Sql("CREATE INDEX ix_experiences_search ON knowledge.experiences USING GIN (to_tsvector('simple', searchtext));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS knowledge.ix_experiences_search;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS knowledge.ix_errors_terms_search;");

            migrationBuilder.DropTable(
                name: "dependency_observations",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "error_terms",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "experience_errors",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "graph_edges",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "metrics",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "patterns",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "solutions",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "experiences",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "graph_nodes",
                schema: "knowledge");

            migrationBuilder.DropTable(
                name: "errors",
                schema: "knowledge");
        }
    }
}
