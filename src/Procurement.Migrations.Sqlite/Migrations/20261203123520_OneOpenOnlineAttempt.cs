using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OneOpenOnlineAttempt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Orders with more than one open online attempt (two tabs before this release): the newest stays open, the
            // others are marked cancelled here. Should one still be paid at the provider, its event finds it and the
            // money is flagged unapplied for finance to return, never lost.
            migrationBuilder.Sql("""
                UPDATE "Payments" SET "Status" = 'Canceled', "FailureReason" = 'Superseded by a newer online attempt of the order.', "Version" = "Version" + 1
                WHERE "Method" = 'Stripe' AND "Status" = 'Pending' AND "Flag" = 'None' AND EXISTS (
                    SELECT 1 FROM "Payments" AS n WHERE n."OrderId" = "Payments"."OrderId" AND n."Method" = 'Stripe' AND n."Status" = 'Pending' AND n."Flag" = 'None'
                    AND (n."CreatedAt" > "Payments"."CreatedAt" OR (n."CreatedAt" = "Payments"."CreatedAt" AND n."Id" > "Payments"."Id")));
                """);
            migrationBuilder.CreateIndex(
                name: "IX_Payments_OneOpenOnline",
                table: "Payments",
                column: "OrderId",
                unique: true,
                filter: "[Method] = 'Stripe' AND [Status] = 'Pending' AND [Flag] = 'None'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_OneOpenOnline",
                table: "Payments");
        }
    }
}
