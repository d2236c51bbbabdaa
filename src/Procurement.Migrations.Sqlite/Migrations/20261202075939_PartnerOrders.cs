using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PartnerOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PartnerOrders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Partner = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    PartnerOrderNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Number = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    PlacedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BuyerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Recipient_Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Recipient_Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recipient_Province = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recipient_City = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recipient_District = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recipient_Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PaidAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    BodyHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerOrders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerOrderLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SkuId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SkuCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Oversold = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerOrderId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerOrderLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerOrderLines_PartnerOrders_PartnerOrderId",
                        column: x => x.PartnerOrderId,
                        principalTable: "PartnerOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartnerOrderRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    PaidAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    BodyHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    PartnerOrderId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerOrderRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerOrderRevisions_PartnerOrders_PartnerOrderId",
                        column: x => x.PartnerOrderId,
                        principalTable: "PartnerOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartnerRefunds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RefundedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PartnerOrderId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerRefunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerRefunds_PartnerOrders_PartnerOrderId",
                        column: x => x.PartnerOrderId,
                        principalTable: "PartnerOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrderLines_PartnerOrderId",
                table: "PartnerOrderLines",
                column: "PartnerOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrderRevisions_PartnerOrderId",
                table: "PartnerOrderRevisions",
                column: "PartnerOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrders_Number",
                table: "PartnerOrders",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrders_Partner_PartnerOrderNo",
                table: "PartnerOrders",
                columns: new[] { "Partner", "PartnerOrderNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrders_Partner_PlacedAt",
                table: "PartnerOrders",
                columns: new[] { "Partner", "PlacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerRefunds_PartnerOrderId",
                table: "PartnerRefunds",
                column: "PartnerOrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerOrderLines");

            migrationBuilder.DropTable(
                name: "PartnerOrderRevisions");

            migrationBuilder.DropTable(
                name: "PartnerRefunds");

            migrationBuilder.DropTable(
                name: "PartnerOrders");
        }
    }
}
