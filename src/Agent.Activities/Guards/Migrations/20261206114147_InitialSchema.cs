using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Guards.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "guard_applied_once",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_applied_once", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "guard_cycles",
                columns: table => new
                {
                    cycle_id = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<string>(type: "TEXT", nullable: false),
                    day = table.Column<string>(type: "TEXT", nullable: false),
                    tokens = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    usd = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "0")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_cycles", x => x.cycle_id);
                });

            migrationBuilder.CreateTable(
                name: "guard_gap_attempts",
                columns: table => new
                {
                    gap = table.Column<string>(type: "TEXT", nullable: false),
                    cycle_id = table.Column<string>(type: "TEXT", nullable: true),
                    at = table.Column<string>(type: "TEXT", nullable: false),
                    succeeded = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                });

            migrationBuilder.CreateTable(
                name: "guard_parked_gaps",
                columns: table => new
                {
                    gap = table.Column<string>(type: "TEXT", nullable: false),
                    parked_at = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_parked_gaps", x => x.gap);
                });

            migrationBuilder.CreateIndex(
                name: "ix_guard_cycles_day",
                table: "guard_cycles",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_guard_gap_attempts_gap",
                table: "guard_gap_attempts",
                column: "gap");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "guard_applied_once");

            migrationBuilder.DropTable(
                name: "guard_cycles");

            migrationBuilder.DropTable(
                name: "guard_gap_attempts");

            migrationBuilder.DropTable(
                name: "guard_parked_gaps");
        }
    }
}
