using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Claude.PostgreSql.Migrations.Jobs
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "claude_jobs");

            migrationBuilder.CreateTable(
                name: "claude_jobs",
                schema: "claude_jobs",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    state = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    working_directory = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ended_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    session_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    turns = table.Column<int>(type: "integer", nullable: false),
                    cost_usd = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    last_event = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    error = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    result_json = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    resumed_from = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    rowid = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claude_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claude_jobs_state",
                schema: "claude_jobs",
                table: "claude_jobs",
                column: "state");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claude_jobs",
                schema: "claude_jobs");
        }
    }
}
