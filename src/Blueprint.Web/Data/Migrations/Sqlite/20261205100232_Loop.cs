using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Loop : Migration
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

            // Reports sent before 迟报 was recorded: late when the month's original row was last
            // stamped after the window closed (the end of its due day in the city, UTC+8, or the
            // office's earlier close) — the rule the on-time ranking used until now.
            migrationBuilder.Sql("""
                UPDATE "ProgressReport" SET "IsLate" = 1
                WHERE "SupersedesId" IS NULL AND "Status" IN (1, 2, 3) AND EXISTS (
                    SELECT 1 FROM "ReportingWindow" AS w
                    WHERE w."Year" = "ProgressReport"."Year" AND w."Month" = "ProgressReport"."Month"
                      AND "ProgressReport"."RecordedAtUtc" > MIN(COALESCE(w."ClosedAtUtc", datetime(w."DueOn", '+1 day', '-8 hours')), datetime(w."DueOn", '+1 day', '-8 hours')));
                """);

            migrationBuilder.AddColumn<int>(
                name: "RaisedById",
                table: "Problem",
                type: "INTEGER",
                nullable: true);

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
                name: "PortalReview",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ProposedById = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedById = table.Column<int>(type: "INTEGER", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    WithdrawnById = table.Column<int>(type: "INTEGER", nullable: true),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalReview", x => x.Id);
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

            migrationBuilder.CreateTable(
                name: "SubmissionEvent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    ById = table.Column<int>(type: "INTEGER", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Fields = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubmissionEvent", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortalReview_Kind_RecordId",
                table: "PortalReview",
                columns: new[] { "Kind", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_PortalReview_Status_ProposedAtUtc",
                table: "PortalReview",
                columns: new[] { "Status", "ProposedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "UX_PortalReview_OnePendingPerRecord",
                table: "PortalReview",
                columns: new[] { "Kind", "RecordId" },
                unique: true,
                filter: "\"Status\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_ReportingReopening_ReportingWindowId_UnitId",
                table: "ReportingReopening",
                columns: new[] { "ReportingWindowId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportingReopening_UnitId",
                table: "ReportingReopening",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_SubmissionEvent_Kind_RecordId_Id",
                table: "SubmissionEvent",
                columns: new[] { "Kind", "RecordId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobTick");

            migrationBuilder.DropTable(
                name: "PortalReview");

            migrationBuilder.DropTable(
                name: "ReportingReopening");

            migrationBuilder.DropTable(
                name: "SubmissionEvent");

            migrationBuilder.DropColumn(
                name: "IsLate",
                table: "ProgressReport");

            migrationBuilder.DropColumn(
                name: "RaisedById",
                table: "Problem");

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
