using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Safety.Budgets.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "budget");

            migrationBuilder.CreateTable(
                name: "budget_self_modifications",
                schema: "budget",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    target = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_self_modifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "budget_spend",
                schema: "budget",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    day = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    month = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    account = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    tokens = table.Column<long>(type: "bigint", nullable: false),
                    usd = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    source = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_spend", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_budget_spend_account",
                schema: "budget",
                table: "budget_spend",
                column: "account");

            migrationBuilder.CreateIndex(
                name: "ix_budget_spend_month",
                schema: "budget",
                table: "budget_spend",
                column: "month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_self_modifications",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "budget_spend",
                schema: "budget");
        }
    }
}
