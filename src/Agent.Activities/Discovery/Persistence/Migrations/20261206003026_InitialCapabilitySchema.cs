using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Discovery.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialCapabilitySchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AtUtcTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    TargetPath = table.Column<string>(type: "TEXT", nullable: true),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tool_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AtUtcTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Server = table.Column<string>(type: "TEXT", nullable: false),
                    Tool = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    OldSchemaHash = table.Column<string>(type: "TEXT", nullable: true),
                    NewSchemaHash = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tool_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tools",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Server = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    InputSchemaJson = table.Column<string>(type: "TEXT", nullable: true),
                    SchemaHash = table.Column<string>(type: "TEXT", nullable: false),
                    CapabilitiesJson = table.Column<string>(type: "TEXT", nullable: false),
                    FirstSeenUtcTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenUtcTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Present = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tools", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scans_AtUtcTicks",
                table: "scans",
                column: "AtUtcTicks");

            migrationBuilder.CreateIndex(
                name: "IX_tool_events_Server_Tool_AtUtcTicks",
                table: "tool_events",
                columns: new[] { "Server", "Tool", "AtUtcTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_tools_Server_Name",
                table: "tools",
                columns: new[] { "Server", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scans");

            migrationBuilder.DropTable(
                name: "tool_events");

            migrationBuilder.DropTable(
                name: "tools");
        }
    }
}
