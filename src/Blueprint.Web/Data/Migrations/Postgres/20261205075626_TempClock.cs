using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "JobTick",
                columns: table => new
                {
                    Job = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Slot = table.Column<long>(type: "bigint", nullable: false),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Changed = table.Column<int>(type: "integer", nullable: false),
                    Notified = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobTick", x => new { x.Job, x.Slot });
                });

            migrationBuilder.CreateTable(
                name: "ReportingReopening",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReportingWindowId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ReopenedById = table.Column<int>(type: "integer", nullable: true),
                    ReopenedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Slot = table.Column<long>(type: "bigint", nullable: false),
                    LightsChanged = table.Column<int>(type: "integer", nullable: false),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Notified = table.Column<int>(type: "integer", nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionJobTick", x => x.Slot);
                });
        }
    }
}
