using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RefreshTokenSignedInAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SignedInAt",
                table: "RefreshTokens",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
            // Tokens issued before this column existed count from their own creation.
            migrationBuilder.Sql("UPDATE RefreshTokens SET SignedInAt = CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SignedInAt",
                table: "RefreshTokens");
        }
    }
}
