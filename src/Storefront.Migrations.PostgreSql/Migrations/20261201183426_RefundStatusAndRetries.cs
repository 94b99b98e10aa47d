using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Storefront.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RefundStatusAndRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Refunds",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "CompletedAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "Refunds",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "Refunds",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Refunds the provider confirmed are Refunded; the others are owed and due for a retry now.
            migrationBuilder.Sql("UPDATE \"Refunds\" SET \"Status\" = 1, \"CompletedAt\" = \"CreatedAt\" WHERE \"ProviderReference\" IS NOT NULL");
            migrationBuilder.Sql("UPDATE \"Refunds\" SET \"NextAttemptAt\" = \"CreatedAt\" WHERE \"ProviderReference\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status_NextAttemptAt",
                table: "Refunds",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Refunds_Status_NextAttemptAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Refunds");
        }
    }
}
