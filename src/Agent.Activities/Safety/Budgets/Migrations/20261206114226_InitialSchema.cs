using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Safety.Budgets.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "budget_self_modifications",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false),
                    target = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_self_modifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "budget_spend",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false),
                    day = table.Column<string>(type: "TEXT", nullable: false),
                    month = table.Column<string>(type: "TEXT", nullable: false),
                    account = table.Column<string>(type: "TEXT", nullable: true),
                    tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    usd = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_spend", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_budget_spend_account",
                table: "budget_spend",
                column: "account");

            migrationBuilder.CreateIndex(
                name: "ix_budget_spend_month",
                table: "budget_spend",
                column: "month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_self_modifications");

            migrationBuilder.DropTable(
                name: "budget_spend");
        }
    }
}
