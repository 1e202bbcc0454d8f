using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Claude.PostgreSql.Migrations.Jobs
{
    /// <inheritdoc />
    public partial class AddJobOwnerHeartbeat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "heartbeat_at",
                schema: "claude_jobs",
                table: "claude_jobs",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "owner",
                schema: "claude_jobs",
                table: "claude_jobs",
                type: "text",
                nullable: true,
                collation: "C");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "heartbeat_at",
                schema: "claude_jobs",
                table: "claude_jobs");

            migrationBuilder.DropColumn(
                name: "owner",
                schema: "claude_jobs",
                table: "claude_jobs");
        }
    }
}
