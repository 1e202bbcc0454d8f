using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Schedule.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "schedule");

            migrationBuilder.CreateTable(
                name: "schedule_state",
                schema: "schedule",
                columns: table => new
                {
                    definition_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    paused = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    last_fired_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    last_instance_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    last_outcome = table.Column<string>(type: "text", nullable: true, collation: "C")
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
                name: "schedule_state",
                schema: "schedule");
        }
    }
}
