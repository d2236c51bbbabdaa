using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "SupplierSettlements",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "ChargedTo",
                table: "Refunds",
                type: "TEXT",
                unicode: false,
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Unanswered",
                table: "Refunds",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OnlineType",
                table: "Payments",
                type: "TEXT",
                unicode: false,
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Refunded",
                table: "Payments",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "UnappliedAmount",
                table: "Payments",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "LedgerBalances",
                columns: table => new
                {
                    Account = table.Column<string>(type: "TEXT", unicode: false, maxLength: 60, nullable: false),
                    DebitFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerBalances", x => x.Account);
                });

            migrationBuilder.CreateTable(
                name: "LedgerBreaks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 30, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Expected = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Actual = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerBreaks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerCheckRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    By = table.Column<Guid>(type: "TEXT", nullable: true),
                    Entries = table.Column<long>(type: "INTEGER", nullable: false),
                    Lines = table.Column<long>(type: "INTEGER", nullable: false),
                    Breaks = table.Column<int>(type: "INTEGER", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerDays",
                columns: table => new
                {
                    Account = table.Column<string>(type: "TEXT", unicode: false, maxLength: 60, nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    DebitFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerDays", x => new { x.Account, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    By = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementMonthLocks",
                columns: table => new
                {
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Bookings = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementMonthLocks", x => new { x.SupplierId, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "SupplierPayouts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BankReference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    Account = table.Column<string>(type: "TEXT", unicode: false, maxLength: 60, nullable: false),
                    DebitFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Day = table.Column<int>(type: "INTEGER", nullable: false)
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
                CREATE TRIGGER "LedgerLines_Balances" AFTER INSERT ON "LedgerLines"
                BEGIN
                    INSERT INTO "LedgerBalances" ("Account", "DebitFen", "CreditFen") VALUES (NEW."Account", NEW."DebitFen", NEW."CreditFen")
                        ON CONFLICT ("Account") DO UPDATE SET "DebitFen" = "DebitFen" + excluded."DebitFen", "CreditFen" = "CreditFen" + excluded."CreditFen";
                    INSERT INTO "LedgerDays" ("Account", "Day", "DebitFen", "CreditFen") VALUES (NEW."Account", NEW."Day", NEW."DebitFen", NEW."CreditFen")
                        ON CONFLICT ("Account", "Day") DO UPDATE SET "DebitFen" = "DebitFen" + excluded."DebitFen", "CreditFen" = "CreditFen" + excluded."CreditFen";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "LedgerLines_AppendOnly" BEFORE UPDATE ON "LedgerLines"
                BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "LedgerLines_NoDelete" BEFORE DELETE ON "LedgerLines"
                BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "LedgerEntries_AppendOnly" BEFORE UPDATE ON "LedgerEntries"
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "LedgerEntries_NoDelete" BEFORE DELETE ON "LedgerEntries"
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                """);
            // Refunds made before the ledger: an after-sales refund was charged to its supplier, the rest to the order's held money.
            migrationBuilder.Sql("""
                UPDATE "Refunds" SET "ChargedTo" = CASE WHEN "SupplierId" IS NOT NULL THEN 'payable:supplier:' || lower("SupplierId") ELSE 'held:orders' END;
                """);
            migrationBuilder.Sql("""
                UPDATE "Payments" SET "Refunded" = (SELECT printf('%d.%02d', f / 100, f % 100) FROM (SELECT COALESCE(SUM(CAST(ROUND(CAST(r."Amount" AS REAL) * 100) AS INTEGER)), 0) AS f FROM "Refunds" AS r WHERE r."PaymentId" = "Payments"."Id"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER \"LedgerLines_Balances\";");
            migrationBuilder.Sql("DROP TRIGGER \"LedgerLines_AppendOnly\";");
            migrationBuilder.Sql("DROP TRIGGER \"LedgerLines_NoDelete\";");
            migrationBuilder.Sql("DROP TRIGGER \"LedgerEntries_AppendOnly\";");
            migrationBuilder.Sql("DROP TRIGGER \"LedgerEntries_NoDelete\";");

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
