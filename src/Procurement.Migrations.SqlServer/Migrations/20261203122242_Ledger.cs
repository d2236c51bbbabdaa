using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "Paid",
                table: "SupplierSettlements",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "SupplierSettlements",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "ChargedTo",
                table: "Refunds",
                type: "varchar(60)",
                unicode: false,
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Unanswered",
                table: "Refunds",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OnlineType",
                table: "Payments",
                type: "varchar(20)",
                unicode: false,
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Refunded",
                table: "Payments",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "UnappliedAmount",
                table: "Payments",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "LedgerBalances",
                columns: table => new
                {
                    Account = table.Column<string>(type: "varchar(60)", unicode: false, maxLength: 60, nullable: false),
                    DebitFen = table.Column<long>(type: "bigint", nullable: false),
                    CreditFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerBalances", x => x.Account);
                });

            migrationBuilder.CreateTable(
                name: "LedgerBreaks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "varchar(30)", unicode: false, maxLength: 30, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Expected = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Actual = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerBreaks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerCheckRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    By = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    Lines = table.Column<long>(type: "bigint", nullable: false),
                    Breaks = table.Column<int>(type: "int", nullable: false),
                    Resolved = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerDays",
                columns: table => new
                {
                    Account = table.Column<string>(type: "varchar(60)", unicode: false, maxLength: 60, nullable: false),
                    Day = table.Column<int>(type: "int", nullable: false),
                    DebitFen = table.Column<long>(type: "bigint", nullable: false),
                    CreditFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerDays", x => new { x.Account, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Day = table.Column<int>(type: "int", nullable: false),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Reference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    By = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementMonthLocks",
                columns: table => new
                {
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    Closed = table.Column<bool>(type: "bit", nullable: false),
                    Bookings = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementMonthLocks", x => new { x.SupplierId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "SupplierPayouts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    PaidAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    BankReference = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RecordedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupplierPayouts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupplierPayouts_Suppliers_SupplierId",
                        column: x => x.SupplierId,
                        principalTable: "Suppliers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    Line = table.Column<int>(type: "int", nullable: false),
                    Account = table.Column<string>(type: "varchar(60)", unicode: false, maxLength: 60, nullable: false),
                    DebitFen = table.Column<long>(type: "bigint", nullable: false),
                    CreditFen = table.Column<long>(type: "bigint", nullable: false),
                    OrderId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SupplierId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Day = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerLines_LedgerEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_OpenPerParcel",
                table: "AfterSalesCases",
                column: "ShipmentId",
                unique: true,
                filter: "[Status] = 'Open'");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerBreaks_Kind_Subject",
                table: "LedgerBreaks",
                columns: new[] { "Kind", "Subject" },
                unique: true,
                filter: "[ResolvedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerBreaks_ResolvedAt",
                table: "LedgerBreaks",
                column: "ResolvedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerDays_Day",
                table: "LedgerDays",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Day_Id",
                table: "LedgerEntries",
                columns: new[] { "Day", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Key",
                table: "LedgerEntries",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_OrderId_Id",
                table: "LedgerEntries",
                columns: new[] { "OrderId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_SupplierId_Id",
                table: "LedgerEntries",
                columns: new[] { "SupplierId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerLines_Account_EntryId",
                table: "LedgerLines",
                columns: new[] { "Account", "EntryId" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerLines_EntryId_Line",
                table: "LedgerLines",
                columns: new[] { "EntryId", "Line" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerLines_OrderId_Account",
                table: "LedgerLines",
                columns: new[] { "OrderId", "Account" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerLines_SupplierId_Account",
                table: "LedgerLines",
                columns: new[] { "SupplierId", "Account" });

            migrationBuilder.CreateIndex(
                name: "IX_SupplierPayouts_SupplierId_Month",
                table: "SupplierPayouts",
                columns: new[] { "SupplierId", "Month" });

            // The ledger keeps its own balances and refuses changes: every line inserted (by EF or a set-based
            // statement) adds to its account's running totals and its day's movements in the same transaction, and
            // no entry or line is ever updated or deleted (a correction is a reversing entry).
            migrationBuilder.Sql("""
                CREATE TRIGGER [LedgerLines_Balances] ON [LedgerLines] AFTER INSERT AS
                BEGIN
                    SET NOCOUNT ON;
                    MERGE [LedgerBalances] WITH (HOLDLOCK) AS b
                    USING (SELECT [Account], SUM([DebitFen]) AS d, SUM([CreditFen]) AS c FROM inserted GROUP BY [Account]) AS i ON b.[Account] = i.[Account]
                    WHEN MATCHED THEN UPDATE SET [DebitFen] = b.[DebitFen] + i.d, [CreditFen] = b.[CreditFen] + i.c
                    WHEN NOT MATCHED THEN INSERT ([Account], [DebitFen], [CreditFen]) VALUES (i.[Account], i.d, i.c);
                    MERGE [LedgerDays] WITH (HOLDLOCK) AS b
                    USING (SELECT [Account], [Day], SUM([DebitFen]) AS d, SUM([CreditFen]) AS c FROM inserted GROUP BY [Account], [Day]) AS i
                        ON b.[Account] = i.[Account] AND b.[Day] = i.[Day]
                    WHEN MATCHED THEN UPDATE SET [DebitFen] = b.[DebitFen] + i.d, [CreditFen] = b.[CreditFen] + i.c
                    WHEN NOT MATCHED THEN INSERT ([Account], [Day], [DebitFen], [CreditFen]) VALUES (i.[Account], i.[Day], i.d, i.c);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER [LedgerLines_AppendOnly] ON [LedgerLines] INSTEAD OF UPDATE, DELETE AS
                BEGIN THROW 51000, 'ledger lines are append-only', 1; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER [LedgerEntries_AppendOnly] ON [LedgerEntries] INSTEAD OF UPDATE, DELETE AS
                BEGIN THROW 51000, 'ledger entries are append-only', 1; END;
                """);
            // Refunds made before the ledger: an after-sales refund was charged to its supplier, the rest to the order's held money.
            migrationBuilder.Sql("""
                UPDATE [Refunds] SET [ChargedTo] = CASE WHEN [SupplierId] IS NOT NULL THEN 'payable:supplier:' + LOWER(CONVERT(nvarchar(36), [SupplierId])) ELSE 'held:orders' END;
                """);
            migrationBuilder.Sql("""
                UPDATE p SET [Refunded] = COALESCE((SELECT SUM(r.[Amount]) FROM [Refunds] AS r WHERE r.[PaymentId] = p.[Id]), 0) FROM [Payments] AS p;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER [LedgerLines_Balances];");
            migrationBuilder.Sql("DROP TRIGGER [LedgerLines_AppendOnly];");
            migrationBuilder.Sql("DROP TRIGGER [LedgerEntries_AppendOnly];");

            migrationBuilder.DropTable(
                name: "LedgerBalances");

            migrationBuilder.DropTable(
                name: "LedgerBreaks");

            migrationBuilder.DropTable(
                name: "LedgerCheckRuns");

            migrationBuilder.DropTable(
                name: "LedgerDays");

            migrationBuilder.DropTable(
                name: "LedgerLines");

            migrationBuilder.DropTable(
                name: "SettlementMonthLocks");

            migrationBuilder.DropTable(
                name: "SupplierPayouts");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_AfterSalesCases_OpenPerParcel",
                table: "AfterSalesCases");

            migrationBuilder.DropColumn(
                name: "Paid",
                table: "SupplierSettlements");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "SupplierSettlements");

            migrationBuilder.DropColumn(
                name: "ChargedTo",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Unanswered",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "OnlineType",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "Refunded",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "UnappliedAmount",
                table: "Payments");
        }
    }
}
