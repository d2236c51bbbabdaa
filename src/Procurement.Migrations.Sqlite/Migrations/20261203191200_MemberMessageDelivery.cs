using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MemberMessageDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "MemberMessages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "MemberMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Failure",
                table: "MemberMessages",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderMessageId",
                table: "MemberMessages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SentAt",
                table: "MemberMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberMessages_SentAt_Attempts_Id",
                table: "MemberMessages",
                columns: new[] { "SentAt", "Attempts", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MemberMessages_SentAt_Attempts_Id",
                table: "MemberMessages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "MemberMessages");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "MemberMessages");

            migrationBuilder.DropColumn(
                name: "Failure",
                table: "MemberMessages");

            migrationBuilder.DropColumn(
                name: "ProviderMessageId",
                table: "MemberMessages");

            migrationBuilder.DropColumn(
                name: "SentAt",
                table: "MemberMessages");
        }
    }
}
