using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class PaymentResolutions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResolutionNote",
                table: "Payments",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResolvedAt",
                table: "Payments",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ResolvedBy",
                table: "Payments",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Flag_ResolvedAt",
                table: "Payments",
                columns: new[] { "Flag", "ResolvedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_Flag_ResolvedAt",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ResolutionNote",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ResolvedBy",
                table: "Payments");
        }
    }
}
