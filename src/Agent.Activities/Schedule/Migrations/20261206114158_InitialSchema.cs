using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Schedule.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "schedule_state",
                columns: table => new
                {
                    definition_id = table.Column<string>(type: "TEXT", nullable: false),
                    paused = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    last_fired_at = table.Column<string>(type: "TEXT", nullable: true),
                    last_instance_id = table.Column<string>(type: "TEXT", nullable: true),
                    last_outcome = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedule_state", x => x.definition_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "schedule_state");
        }
    }
}
