using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Workflows.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "definitions",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    definitionId = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: true),
                    isLatest = table.Column<bool>(type: "INTEGER", nullable: false),
                    isPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    createdAt = table.Column<long>(type: "INTEGER", nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_definitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "instances",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    definitionId = table.Column<string>(type: "TEXT", nullable: false),
                    definitionVersionId = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    correlationId = table.Column<string>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", nullable: true),
                    createdAt = table.Column<long>(type: "INTEGER", nullable: false),
                    updatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    finishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    revision = table.Column<long>(type: "INTEGER", nullable: false),
                    stateJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instances", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bookmarks",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    instanceId = table.Column<string>(type: "TEXT", nullable: false),
                    activityId = table.Column<string>(type: "TEXT", nullable: false),
                    correlationId = table.Column<string>(type: "TEXT", nullable: true),
                    payloadJson = table.Column<string>(type: "TEXT", nullable: true),
                    createdAt = table.Column<long>(type: "INTEGER", nullable: false),
                    expiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bookmarks", x => x.id);
                    table.ForeignKey(
                        name: "FK_bookmarks_instances_instanceId",
                        column: x => x.instanceId,
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    instanceId = table.Column<string>(type: "TEXT", nullable: false),
                    activityId = table.Column<string>(type: "TEXT", nullable: false),
                    activityType = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    exceptionType = table.Column<string>(type: "TEXT", nullable: true),
                    stackTrace = table.Column<string>(type: "TEXT", nullable: true),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                    table.ForeignKey(
                        name: "FK_incidents_instances_instanceId",
                        column: x => x.instanceId,
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "journal",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    instanceId = table.Column<string>(type: "TEXT", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    activityId = table.Column<string>(type: "TEXT", nullable: false),
                    activityType = table.Column<string>(type: "TEXT", nullable: false),
                    activityName = table.Column<string>(type: "TEXT", nullable: true),
                    startedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    completedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    durationMs = table.Column<double>(type: "REAL", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    outcomes = table.Column<string>(type: "TEXT", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal", x => x.id);
                    table.ForeignKey(
                        name: "FK_journal_instances_instanceId",
                        column: x => x.instanceId,
                        principalTable: "instances",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bookmarks_expiresAt",
                table: "bookmarks",
                column: "expiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_bookmarks_instanceId",
                table: "bookmarks",
                column: "instanceId");

            migrationBuilder.CreateIndex(
                name: "IX_bookmarks_name_correlationId",
                table: "bookmarks",
                columns: new[] { "name", "correlationId" });

            migrationBuilder.CreateIndex(
                name: "IX_definitions_definitionId",
                table: "definitions",
                column: "definitionId");

            migrationBuilder.CreateIndex(
                name: "IX_definitions_definitionId_version",
                table: "definitions",
                columns: new[] { "definitionId", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_instanceId",
                table: "incidents",
                column: "instanceId");

            migrationBuilder.CreateIndex(
                name: "IX_instances_definitionId",
                table: "instances",
                column: "definitionId");

            migrationBuilder.CreateIndex(
                name: "IX_instances_status",
                table: "instances",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_journal_instanceId_sequence",
                table: "journal",
                columns: new[] { "instanceId", "sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bookmarks");

            migrationBuilder.DropTable(
                name: "definitions");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "journal");

            migrationBuilder.DropTable(
                name: "instances");
        }
    }
}
