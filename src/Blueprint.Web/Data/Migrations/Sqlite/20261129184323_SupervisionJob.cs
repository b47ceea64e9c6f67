using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupervisionJobTick",
                columns: table => new
                {
                    Slot = table.Column<long>(type: "INTEGER", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LightsChanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Notified = table.Column<int>(type: "INTEGER", nullable: false)
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
