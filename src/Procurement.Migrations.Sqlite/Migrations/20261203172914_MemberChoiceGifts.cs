using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MemberChoiceGifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChoiceDeadline",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChoicesClosedAt",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefaultOption",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "Orders",
                type: "TEXT",
                unicode: false,
                maxLength: 10,
                nullable: false,
                defaultValue: "Standard");

            migrationBuilder.CreateTable(
                name: "GiftCodes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientRow = table.Column<int>(type: "INTEGER", nullable: false),
                    Packages = table.Column<int>(type: "INTEGER", nullable: false),
                    ChosenOption = table.Column<int>(type: "INTEGER", nullable: true),
                    ChosenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Defaulted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProvinceCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 6, nullable: true),
                    CityCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 6, nullable: true),
                    DistrictCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 6, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GiftCodes", x => x.Code);
                    table.ForeignKey(
                        name: "FK_GiftCodes_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MemberMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mobile = table.Column<string>(type: "TEXT", unicode: false, maxLength: 11, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OrderOptions",
                columns: table => new
                {
                    OptionIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderOptions", x => new { x.OrderId, x.OptionIndex });
                    table.ForeignKey(
                        name: "FK_OrderOptions_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrderOptionLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SkuId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SkuCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    OriginCityCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 6, nullable: false),
                    Certified = table.Column<bool>(type: "INTEGER", nullable: false),
                    OptionIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderOptionLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderOptionLines_OrderOptions_OrderId_OptionIndex",
                        columns: x => new { x.OrderId, x.OptionIndex },
                        principalTable: "OrderOptions",
                        principalColumns: new[] { "OrderId", "OptionIndex" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Mode_Status_ChoiceDeadline",
                table: "Orders",
                columns: new[] { "Mode", "Status", "ChoiceDeadline" });

            migrationBuilder.CreateIndex(
                name: "IX_GiftCodes_OrderId_ChosenOption",
                table: "GiftCodes",
                columns: new[] { "OrderId", "ChosenOption" });

            migrationBuilder.CreateIndex(
                name: "IX_GiftCodes_OrderId_RecipientRow",
                table: "GiftCodes",
                columns: new[] { "OrderId", "RecipientRow" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberMessages_OrderId_Kind",
                table: "MemberMessages",
                columns: new[] { "OrderId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderOptionLines_OrderId_OptionIndex",
                table: "OrderOptionLines",
                columns: new[] { "OrderId", "OptionIndex" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GiftCodes");

            migrationBuilder.DropTable(
                name: "MemberMessages");

            migrationBuilder.DropTable(
                name: "OrderOptionLines");

            migrationBuilder.DropTable(
                name: "OrderOptions");

            migrationBuilder.DropIndex(
                name: "IX_Orders_Mode_Status_ChoiceDeadline",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ChoiceDeadline",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ChoicesClosedAt",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "DefaultOption",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "Orders");
        }
    }
}
