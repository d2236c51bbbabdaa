using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NotifyNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<long>(
                name: "MarkedPaidAt",
                table: "Payments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MarkedPaidBy",
                table: "Payments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceiptFile",
                table: "Payments",
                type: "TEXT",
                unicode: false,
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceiptType",
                table: "Payments",
                type: "TEXT",
                unicode: false,
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "NotificationMarks",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReadUpTo = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationMarks", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_NotificationMarks_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_Suppliers_SupplierId",
                        column: x => x.SupplierId,
                        principalTable: "Suppliers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_Unions_UnionId",
                        column: x => x.UnionId,
                        principalTable: "Unions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Audience_CreatedAt",
                table: "Notifications",
                columns: new[] { "Audience", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_SubjectId_Kind",
                table: "Notifications",
                columns: new[] { "SubjectId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_SupplierId_CreatedAt",
                table: "Notifications",
                columns: new[] { "SupplierId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UnionId_CreatedAt",
                table: "Notifications",
                columns: new[] { "UnionId", "CreatedAt" });

            // The supplier notices become notifications to their supplier's audience, and each supplier user's
            // "read" becomes their mark: up to the newest notice their supplier had marked read.
            migrationBuilder.Sql(
                "INSERT INTO Notifications (Id, Audience, UnionId, SupplierId, Kind, SubjectId, Subject, Detail, CreatedAt) " +
                "SELECT Id, 'Supplier', NULL, SupplierId, Kind, ProductId, ProductName, Detail, CreatedAt FROM SupplierNotices;");
            migrationBuilder.Sql(
                "INSERT INTO NotificationMarks (UserId, ReadUpTo) " +
                "SELECT u.Id, MAX(n.ReadAt) FROM AspNetUsers u JOIN SupplierNotices n ON n.SupplierId = u.SupplierId " +
                "WHERE n.ReadAt IS NOT NULL GROUP BY u.Id;");

            migrationBuilder.DropTable(
                name: "SupplierNotices");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationMarks");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropColumn(
                name: "MarkedPaidAt",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "MarkedPaidBy",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ReceiptFile",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ReceiptType",
                table: "Payments");

            migrationBuilder.CreateTable(
                name: "SupplierNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProductName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_SupplierNotices_SupplierId_CreatedAt",
                table: "SupplierNotices",
                columns: new[] { "SupplierId", "CreatedAt" });
        }
    }
}
