using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Reporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OriginCountyCode",
                table: "OrderLines",
                type: "varchar(6)",
                unicode: false,
                maxLength: 6,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "PartnerBuyerMatches",
                columns: table => new
                {
                    Uscc = table.Column<string>(type: "varchar(18)", unicode: false, maxLength: 18, nullable: false),
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MatchedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    MatchedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerBuyerMatches", x => x.Uscc);
                });

            migrationBuilder.CreateTable(
                name: "PartnerOrderCredits",
                columns: table => new
                {
                    PartnerOrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Partner = table.Column<string>(type: "varchar(8)", unicode: false, maxLength: 8, nullable: false),
                    Uscc = table.Column<string>(type: "varchar(18)", unicode: false, maxLength: 18, nullable: false),
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Counted = table.Column<bool>(type: "bit", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerOrderCredits", x => x.PartnerOrderId);
                });

            migrationBuilder.CreateTable(
                name: "ReportDailyFigures",
                columns: table => new
                {
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<string>(type: "varchar(8)", unicode: false, maxLength: 8, nullable: false),
                    CountyCode = table.Column<string>(type: "varchar(6)", unicode: false, maxLength: 6, nullable: false),
                    Assisted = table.Column<bool>(type: "bit", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    Orders = table.Column<int>(type: "int", nullable: false),
                    Members = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportDailyFigures", x => new { x.UnionId, x.Day, x.Channel, x.CountyCode, x.Assisted });
                });

            migrationBuilder.CreateTable(
                name: "UnionTargets",
                columns: table => new
                {
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    AssistanceTargetShare = table.Column<decimal>(type: "decimal(5,4)", precision: 5, scale: 4, nullable: false),
                    ReservedAmount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnionTargets", x => new { x.UnionId, x.Year });
                    table.ForeignKey(
                        name: "FK_UnionTargets_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrderCredits_Uscc_UnionId",
                table: "PartnerOrderCredits",
                columns: new[] { "Uscc", "UnionId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportDailyFigures_Covering",
                table: "ReportDailyFigures",
                columns: new[] { "UnionId", "Day", "Channel", "CountyCode", "Assisted", "AmountFen", "Orders", "Members" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerBuyerMatches");

            migrationBuilder.DropTable(
                name: "PartnerOrderCredits");

            migrationBuilder.DropTable(
                name: "ReportDailyFigures");

            migrationBuilder.DropTable(
                name: "UnionTargets");

            migrationBuilder.DropColumn(
                name: "OriginCountyCode",
                table: "OrderLines");
        }
    }
}
