using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SupplierListings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Skus_Code",
                table: "Skus");

            migrationBuilder.AddColumn<Guid>(
                name: "SupplierId",
                table: "Skus",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "ApprovedContentJson",
                table: "Products",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SubmittedAt",
                table: "Products",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupplierNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    ProductId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ProductName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupplierNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupplierNotices_Suppliers_SupplierId",
                        column: x => x.SupplierId,
                        principalTable: "Suppliers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing SKUs take their product's supplier before the per-supplier unique index is built.
            migrationBuilder.Sql("UPDATE Skus SET SupplierId = (SELECT p.SupplierId FROM Products p WHERE p.Id = Skus.ProductId)");

            migrationBuilder.CreateIndex(
                name: "IX_Skus_SupplierId_Code",
                table: "Skus",
                columns: new[] { "SupplierId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Products_Status_SubmittedAt",
                table: "Products",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SupplierNotices_SupplierId_CreatedAt",
                table: "SupplierNotices",
                columns: new[] { "SupplierId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupplierNotices");

            migrationBuilder.DropIndex(
                name: "IX_Skus_SupplierId_Code",
                table: "Skus");

            migrationBuilder.DropIndex(
                name: "IX_Products_Status_SubmittedAt",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "SupplierId",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "ApprovedContentJson",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Products");

            migrationBuilder.CreateIndex(
                name: "IX_Skus_Code",
                table: "Skus",
                column: "Code");
        }
    }
}
