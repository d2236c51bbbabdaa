using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PartnerReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PartnerStatements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Partner = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    UploadedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerStatements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReconciliationRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Partner = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StatementId = table.Column<long>(type: "INTEGER", nullable: true),
                    RequestedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Current = table.Column<bool>(type: "INTEGER", nullable: false),
                    RowsRead = table.Column<int>(type: "INTEGER", nullable: false),
                    Classified = table.Column<int>(type: "INTEGER", nullable: false),
                    Stored = table.Column<int>(type: "INTEGER", nullable: false),
                    Matched = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountMismatch = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusMismatch = table.Column<int>(type: "INTEGER", nullable: false),
                    MissingLocal = table.Column<int>(type: "INTEGER", nullable: false),
                    MissingRemote = table.Column<int>(type: "INTEGER", nullable: false),
                    Duplicate = table.Column<int>(type: "INTEGER", nullable: false),
                    LocalAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RemoteAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    NetDifference = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    GrossDifference = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReconciliationRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerStatementRows",
                columns: table => new
                {
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    StatementId = table.Column<long>(type: "INTEGER", nullable: false),
                    PartnerOrderNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderNo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Refund = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Raw = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerStatementRows", x => new { x.StatementId, x.Line });
                    table.ForeignKey(
                        name: "FK_PartnerStatementRows_PartnerStatements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "PartnerStatements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReconciliationItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    PartnerOrderNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderNumber = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: true),
                    LocalAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    RemoteAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Difference = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    LocalStatus = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: true),
                    RemoteStatus = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: true),
                    Line = table.Column<int>(type: "INTEGER", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ResolvedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReconciliationItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReconciliationItems_ReconciliationRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ReconciliationRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerStatements_Partner_ContentHash",
                table: "PartnerStatements",
                columns: new[] { "Partner", "ContentHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerStatements_Partner_Date",
                table: "PartnerStatements",
                columns: new[] { "Partner", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ReconciliationItems_RunId_Category",
                table: "ReconciliationItems",
                columns: new[] { "RunId", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_ReconciliationRuns_Current",
                table: "ReconciliationRuns",
                columns: new[] { "Partner", "Date" },
                unique: true,
                filter: "[Current] = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerStatementRows");

            migrationBuilder.DropTable(
                name: "ReconciliationItems");

            migrationBuilder.DropTable(
                name: "PartnerStatements");

            migrationBuilder.DropTable(
                name: "ReconciliationRuns");
        }
    }
}
