using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ParcelOption : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ChosenOption",
                table: "Shipments",
                type: "INTEGER",
                nullable: true);

            // Member-choice parcels made before the column: each holds its member's option (their code says which).
            migrationBuilder.Sql(
                "UPDATE Shipments SET ChosenOption = (SELECT g.ChosenOption FROM GiftCodes AS g " +
                "WHERE g.OrderId = Shipments.OrderId AND g.RecipientRow = Shipments.RecipientRow) " +
                "WHERE EXISTS (SELECT 1 FROM GiftCodes AS g WHERE g.OrderId = Shipments.OrderId AND g.RecipientRow = Shipments.RecipientRow)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChosenOption",
                table: "Shipments");
        }
    }
}
