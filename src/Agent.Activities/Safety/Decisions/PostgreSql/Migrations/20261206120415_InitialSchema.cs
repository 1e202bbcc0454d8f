using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Safety.Decisions.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "decisions");

            migrationBuilder.CreateTable(
                name: "decision_records",
                schema: "decisions",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    cycle_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    subject = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    target = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    outcome = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    reasons = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    principles = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_records", x => x.id);
                    table.UniqueConstraint("AK_decision_records_cycle_id_kind_subject", x => new { x.cycle_id, x.kind, x.subject });
                });

            migrationBuilder.CreateTable(
                name: "security_scores",
                schema: "decisions",
                columns: table => new
                {
                    cycle_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    target = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    score = table.Column<int>(type: "integer", nullable: false),
                    partial = table.Column<int>(type: "integer", nullable: false),
                    details = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_scores", x => x.cycle_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_decision_records_at",
                schema: "decisions",
                table: "decision_records",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_security_scores_target",
                schema: "decisions",
                table: "security_scores",
                columns: new[] { "target", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_records",
                schema: "decisions");

            migrationBuilder.DropTable(
                name: "security_scores",
                schema: "decisions");
        }
    }
}
