using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Discovery.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialCapabilitySchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "capabilities");

            migrationBuilder.CreateTable(
                name: "scans",
                schema: "capabilities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AtUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    TargetPath = table.Column<string>(type: "text", nullable: true),
                    Json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tool_events",
                schema: "capabilities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AtUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    Server = table.Column<string>(type: "text", nullable: false),
                    Tool = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    OldSchemaHash = table.Column<string>(type: "text", nullable: true),
                    NewSchemaHash = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tool_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tools",
                schema: "capabilities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Server = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    InputSchemaJson = table.Column<string>(type: "text", nullable: true),
                    SchemaHash = table.Column<string>(type: "text", nullable: false),
                    CapabilitiesJson = table.Column<string>(type: "text", nullable: false),
                    FirstSeenUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    LastSeenUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    Present = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tools", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scans_AtUtcTicks",
                schema: "capabilities",
                table: "scans",
                column: "AtUtcTicks");

            migrationBuilder.CreateIndex(
                name: "IX_tool_events_Server_Tool_AtUtcTicks",
                schema: "capabilities",
                table: "tool_events",
                columns: new[] { "Server", "Tool", "AtUtcTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_tools_Server_Name",
                schema: "capabilities",
                table: "tools",
                columns: new[] { "Server", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scans",
                schema: "capabilities");

            migrationBuilder.DropTable(
                name: "tool_events",
                schema: "capabilities");

            migrationBuilder.DropTable(
                name: "tools",
                schema: "capabilities");
        }
    }
}
