using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Storefront.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UnpaidCheckoutClients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClientAddress",
                table: "Orders",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientKey",
                table: "Orders",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ClientAddress_Status",
                table: "Orders",
                columns: new[] { "ClientAddress", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ClientKey_Status",
                table: "Orders",
                columns: new[] { "ClientKey", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_ClientAddress_Status",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ClientKey_Status",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ClientAddress",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ClientKey",
                table: "Orders");
        }
    }
}
