using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Storefront.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class EtaChangeKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "EtaChanges",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Rows recorded before kinds existed get the kind their staff text shows; the rest stay Unspecified.
            foreach (var sql in Storefront.Core.Data.EtaChangeKindBackfill.Statements())
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "EtaChanges");
        }
    }
}
