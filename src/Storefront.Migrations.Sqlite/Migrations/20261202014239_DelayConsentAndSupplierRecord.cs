using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Storefront.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DelayConsentAndSupplierRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LikelyLateDays",
                table: "Suppliers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AcceptedEta",
                table: "BackorderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Consent",
                table: "BackorderLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentAskedAt",
                table: "BackorderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentDeadline",
                table: "BackorderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentRemindedAt",
                table: "BackorderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Delays",
                table: "BackorderLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldAt",
                table: "BackorderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PinnedAt",
                table: "BackorderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Undated",
                table: "BackorderLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "BackorderEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BackorderLineId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Via = table.Column<int>(type: "INTEGER", nullable: false),
                    Eta = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackorderEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BackorderEvents_BackorderLines_BackorderLineId",
                        column: x => x.BackorderLineId,
                        principalTable: "BackorderLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeliveryReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<int>(type: "INTEGER", nullable: false),
                    SupplierId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpectedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DaysLate = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryReceipts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeliveryReceipts_Suppliers_SupplierId",
                        column: x => x.SupplierId,
                        principalTable: "Suppliers",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_BackorderLines_Consent_ConsentDeadline",
                table: "BackorderLines",
                columns: new[] { "Consent", "ConsentDeadline" });

            migrationBuilder.CreateIndex(
                name: "IX_BackorderEvents_BackorderLineId",
                table: "BackorderEvents",
                column: "BackorderLineId");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryReceipts_SupplierId_ReceivedAt",
                table: "DeliveryReceipts",
                columns: new[] { "SupplierId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BackorderEvents");

            migrationBuilder.DropTable(
                name: "DeliveryReceipts");

            migrationBuilder.DropIndex(
                name: "IX_BackorderLines_Consent_ConsentDeadline",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "LikelyLateDays",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "AcceptedEta",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "Consent",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "ConsentAskedAt",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "ConsentDeadline",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "ConsentRemindedAt",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "Delays",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "HeldAt",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "PinnedAt",
                table: "BackorderLines");

            migrationBuilder.DropColumn(
                name: "Undated",
                table: "BackorderLines");
        }
    }
}
