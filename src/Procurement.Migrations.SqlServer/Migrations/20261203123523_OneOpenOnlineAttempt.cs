using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.SqlServer.Migrations
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
                UPDATE p SET [Status] = 'Canceled', [FailureReason] = 'Superseded by a newer online attempt of the order.', [Version] = p.[Version] + 1
                FROM [Payments] AS p
                WHERE p.[Method] = 'Stripe' AND p.[Status] = 'Pending' AND p.[Flag] = 'None' AND EXISTS (
                    SELECT 1 FROM [Payments] AS n WHERE n.[OrderId] = p.[OrderId] AND n.[Method] = 'Stripe' AND n.[Status] = 'Pending' AND n.[Flag] = 'None'
                    AND (n.[CreatedAt] > p.[CreatedAt] OR (n.[CreatedAt] = p.[CreatedAt] AND n.[Id] > p.[Id])));
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
