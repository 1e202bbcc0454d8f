using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Claude.Migrations.RunLog
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "claude_runs",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    prompt_sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    arguments_json = table.Column<string>(type: "TEXT", nullable: false),
                    environment_json = table.Column<string>(type: "TEXT", nullable: false),
                    working_directory = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<string>(type: "TEXT", nullable: false),
                    ended_at = table.Column<string>(type: "TEXT", nullable: false),
                    subtype = table.Column<string>(type: "TEXT", nullable: false),
                    is_success = table.Column<int>(type: "INTEGER", nullable: false),
                    session_id = table.Column<string>(type: "TEXT", nullable: true),
                    cost_usd = table.Column<string>(type: "TEXT", nullable: false),
                    input_tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    output_tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    exit_code = table.Column<int>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    tool_decisions_json = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claude_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claude_runs_started_at",
                table: "claude_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claude_runs");
        }
    }
}
