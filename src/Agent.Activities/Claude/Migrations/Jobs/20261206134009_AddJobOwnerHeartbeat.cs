using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Claude.Migrations.Jobs
{
    /// <inheritdoc />
    public partial class AddJobOwnerHeartbeat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "heartbeat_at",
                table: "claude_jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner",
                table: "claude_jobs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "heartbeat_at",
                table: "claude_jobs");

            migrationBuilder.DropColumn(
                name: "owner",
                table: "claude_jobs");
        }
    }
}
