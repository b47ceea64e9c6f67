using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TempClock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupervisionJobTick");

            migrationBuilder.AddColumn<bool>(
                name: "IsLate",
                table: "ProgressReport",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "JobTick",
                columns: table => new
                {
                    Job = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Slot = table.Column<long>(type: "INTEGER", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Changed = table.Column<int>(type: "INTEGER", nullable: false),
                    Notified = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobTick", x => new { x.Job, x.Slot });
                });

            migrationBuilder.CreateTable(
                name: "ReportingReopening",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportingWindowId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ReopenedById = table.Column<int>(type: "INTEGER", nullable: true),
                    ReopenedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportingReopening", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportingReopening_ReportingWindow_ReportingWindowId",
                        column: x => x.ReportingWindowId,
                        principalTable: "ReportingWindow",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReportingReopening_Unit_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Unit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportingReopening_ReportingWindowId_UnitId",
                table: "ReportingReopening",
                columns: new[] { "ReportingWindowId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportingReopening_UnitId",
                table: "ReportingReopening",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobTick");

            migrationBuilder.DropTable(
                name: "ReportingReopening");

            migrationBuilder.DropColumn(
                name: "IsLate",
                table: "ProgressReport");

            migrationBuilder.CreateTable(
                name: "SupervisionJobTick",
                columns: table => new
                {
                    Slot = table.Column<long>(type: "INTEGER", nullable: false),
                    LightsChanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Notified = table.Column<int>(type: "INTEGER", nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionJobTick", x => x.Slot);
                });
        }
    }
}
