using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MemberChoiceGifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChoiceDeadline",
                table: "Orders",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChoicesClosedAt",
                table: "Orders",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefaultOption",
                table: "Orders",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "Orders",
                type: "varchar(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                defaultValue: "Standard");

            migrationBuilder.CreateTable(
                name: "GiftCodes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "varchar(16)", unicode: false, maxLength: 16, nullable: false),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecipientRow = table.Column<int>(type: "int", nullable: false),
                    Packages = table.Column<int>(type: "int", nullable: false),
                    ChosenOption = table.Column<int>(type: "int", nullable: true),
                    ChosenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Defaulted = table.Column<bool>(type: "bit", nullable: false),
                    ProvinceCode = table.Column<string>(type: "varchar(6)", unicode: false, maxLength: 6, nullable: true),
                    CityCode = table.Column<string>(type: "varchar(6)", unicode: false, maxLength: 6, nullable: true),
                    DistrictCode = table.Column<string>(type: "varchar(6)", unicode: false, maxLength: 6, nullable: true),
                    Address = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    IssuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Mobile = table.Column<string>(type: "varchar(11)", unicode: false, maxLength: 11, nullable: false),
                    Kind = table.Column<string>(type: "varchar(12)", unicode: false, maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    By = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OrderOptions",
                columns: table => new
                {
                    OptionIndex = table.Column<int>(type: "int", nullable: false),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false)
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SkuId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SkuCode = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    ProductId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProductName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Quantity = table.Column<int>(type: "int", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    OriginCityCode = table.Column<string>(type: "varchar(6)", unicode: false, maxLength: 6, nullable: false),
                    Certified = table.Column<bool>(type: "bit", nullable: false),
                    OptionIndex = table.Column<int>(type: "int", nullable: false),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
