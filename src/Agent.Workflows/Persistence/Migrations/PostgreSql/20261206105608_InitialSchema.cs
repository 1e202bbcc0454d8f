using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Workflows.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "workflows");

            migrationBuilder.CreateTable(
                name: "definitions",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    definitionId = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    isLatest = table.Column<bool>(type: "boolean", nullable: false),
                    isPublished = table.Column<bool>(type: "boolean", nullable: false),
                    createdAt = table.Column<long>(type: "bigint", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_definitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "instances",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    definitionId = table.Column<string>(type: "text", nullable: false),
                    definitionVersionId = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    correlationId = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: true),
                    createdAt = table.Column<long>(type: "bigint", nullable: false),
                    updatedAt = table.Column<long>(type: "bigint", nullable: false),
                    finishedAt = table.Column<long>(type: "bigint", nullable: true),
                    revision = table.Column<long>(type: "bigint", nullable: false),
                    stateJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instances", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bookmarks",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    instanceId = table.Column<string>(type: "text", nullable: false),
                    activityId = table.Column<string>(type: "text", nullable: false),
                    correlationId = table.Column<string>(type: "text", nullable: true),
                    payloadJson = table.Column<string>(type: "text", nullable: true),
                    createdAt = table.Column<long>(type: "bigint", nullable: false),
                    expiresAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bookmarks", x => x.id);
                    table.ForeignKey(
                        name: "FK_bookmarks_instances_instanceId",
                        column: x => x.instanceId,
                        principalSchema: "workflows",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    instanceId = table.Column<string>(type: "text", nullable: false),
                    activityId = table.Column<string>(type: "text", nullable: false),
                    activityType = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    exceptionType = table.Column<string>(type: "text", nullable: true),
                    stackTrace = table.Column<string>(type: "text", nullable: true),
                    timestamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                    table.ForeignKey(
                        name: "FK_incidents_instances_instanceId",
                        column: x => x.instanceId,
                        principalSchema: "workflows",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "journal",
                schema: "workflows",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    instanceId = table.Column<string>(type: "text", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    activityId = table.Column<string>(type: "text", nullable: false),
                    activityType = table.Column<string>(type: "text", nullable: false),
                    activityName = table.Column<string>(type: "text", nullable: true),
                    startedAt = table.Column<long>(type: "bigint", nullable: false),
                    completedAt = table.Column<long>(type: "bigint", nullable: false),
                    durationMs = table.Column<double>(type: "double precision", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    outcomes = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    payload = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal", x => x.id);
                    table.ForeignKey(
                        name: "FK_journal_instances_instanceId",
                        column: x => x.instanceId,
                        principalSchema: "workflows",
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bookmarks_expiresAt",
                schema: "workflows",
                table: "bookmarks",
                column: "expiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_bookmarks_instanceId",
                schema: "workflows",
                table: "bookmarks",
                column: "instanceId");

            migrationBuilder.CreateIndex(
                name: "IX_bookmarks_name_correlationId",
                schema: "workflows",
                table: "bookmarks",
                columns: new[] { "name", "correlationId" });

            migrationBuilder.CreateIndex(
                name: "IX_definitions_definitionId",
                schema: "workflows",
                table: "definitions",
                column: "definitionId");

            migrationBuilder.CreateIndex(
                name: "IX_definitions_definitionId_version",
                schema: "workflows",
                table: "definitions",
                columns: new[] { "definitionId", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_instanceId",
                schema: "workflows",
                table: "incidents",
                column: "instanceId");

            migrationBuilder.CreateIndex(
                name: "IX_instances_definitionId",
                schema: "workflows",
                table: "instances",
                column: "definitionId");

            migrationBuilder.CreateIndex(
                name: "IX_instances_status",
                schema: "workflows",
                table: "instances",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_journal_instanceId_sequence",
                schema: "workflows",
                table: "journal",
                columns: new[] { "instanceId", "sequence" });

            // Written by hand (a function is not part of the EF model): the commit's statements call it to fail the
            // whole batch when they lost a race; see PostgreSqlCommitSql. Kept literal so this migration never changes.
            migrationBuilder.Sql(
                "CREATE OR REPLACE FUNCTION workflows.commit_conflict_if(reason text, offending text) RETURNS boolean LANGUAGE plpgsql AS $body$\n" +
                "BEGIN\n" +
                "  IF offending IS NOT NULL THEN\n" +
                "    RAISE EXCEPTION USING ERRCODE = 'WF409', MESSAGE = reason || ':' || offending;\n" +
                "  END IF;\n" +
                "  RETURN true;\n" +
                "END\n" +
                "$body$;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS workflows.commit_conflict_if(text, text);");

            migrationBuilder.DropTable(
                name: "bookmarks",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "definitions",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "incidents",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "journal",
                schema: "workflows");

            migrationBuilder.DropTable(
                name: "instances",
                schema: "workflows");
        }
    }
}
