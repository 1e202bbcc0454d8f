using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Claude.PostgreSql.Migrations.RunLog
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "claude_runs");

            migrationBuilder.CreateTable(
                name: "claude_runs",
                schema: "claude_runs",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    prompt_sha256 = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    arguments_json = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    environment_json = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    working_directory = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    started_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ended_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    subtype = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    is_success = table.Column<int>(type: "integer", nullable: false),
                    session_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    cost_usd = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    input_tokens = table.Column<long>(type: "bigint", nullable: false),
                    output_tokens = table.Column<long>(type: "bigint", nullable: false),
                    exit_code = table.Column<int>(type: "integer", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    tool_decisions_json = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    rowid = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claude_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claude_runs_started_at",
                schema: "claude_runs",
                table: "claude_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claude_runs",
                schema: "claude_runs");
        }
    }
}
