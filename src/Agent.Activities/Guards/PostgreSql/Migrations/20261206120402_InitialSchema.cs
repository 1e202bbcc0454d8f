using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Guards.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "guards");

            migrationBuilder.CreateTable(
                name: "guard_applied_once",
                schema: "guards",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_applied_once", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "guard_cycles",
                schema: "guards",
                columns: table => new
                {
                    cycle_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    started_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    day = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    usd = table.Column<string>(type: "text", nullable: false, defaultValue: "0", collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_cycles", x => x.cycle_id);
                });

            migrationBuilder.CreateTable(
                name: "guard_gap_attempts",
                schema: "guards",
                columns: table => new
                {
                    rowid = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    gap = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    cycle_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    succeeded = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_gap_attempts", x => x.rowid);
                });

            migrationBuilder.CreateTable(
                name: "guard_parked_gaps",
                schema: "guards",
                columns: table => new
                {
                    gap = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    parked_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    reason = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_guard_parked_gaps", x => x.gap);
                });

            migrationBuilder.CreateIndex(
                name: "ix_guard_cycles_day",
                schema: "guards",
                table: "guard_cycles",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_guard_gap_attempts_gap",
                schema: "guards",
                table: "guard_gap_attempts",
                column: "gap");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "guard_applied_once",
                schema: "guards");

            migrationBuilder.DropTable(
                name: "guard_cycles",
                schema: "guards");

            migrationBuilder.DropTable(
                name: "guard_gap_attempts",
                schema: "guards");

            migrationBuilder.DropTable(
                name: "guard_parked_gaps",
                schema: "guards");
        }
    }
}
