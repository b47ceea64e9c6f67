using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SupervisionJob : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EmailedAtUtc",
                table: "Notification",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupervisionJobTick",
                columns: table => new
                {
                    Slot = table.Column<long>(type: "bigint", nullable: false),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LightsChanged = table.Column<int>(type: "integer", nullable: false),
                    Notified = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionJobTick", x => x.Slot);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notification_EmailedAtUtc_CreatedAtUtc",
                table: "Notification",
                columns: new[] { "EmailedAtUtc", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupervisionJobTick");

            migrationBuilder.DropIndex(
                name: "IX_Notification_EmailedAtUtc_CreatedAtUtc",
                table: "Notification");

            migrationBuilder.DropColumn(
                name: "EmailedAtUtc",
                table: "Notification");
        }
    }
}
