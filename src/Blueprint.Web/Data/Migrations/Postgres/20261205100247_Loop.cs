using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Reports sent before 迟报 was recorded: late when the month's original row was last
            // stamped after the window closed (the end of its due day in the city, UTC+8, or the
            // office's earlier close) — the rule the on-time ranking used until now.
            migrationBuilder.Sql("""
                UPDATE "ProgressReport" AS p SET "IsLate" = TRUE
                FROM "ReportingWindow" AS w
                WHERE w."Year" = p."Year" AND w."Month" = p."Month" AND p."SupersedesId" IS NULL AND p."Status" IN (1, 2, 3)
                  AND p."RecordedAtUtc" > LEAST(w."ClosedAtUtc", ((w."DueOn" + 1)::timestamp - interval '8 hours') AT TIME ZONE 'UTC');
                """);

            migrationBuilder.AddColumn<int>(
                name: "RaisedById",
                table: "Problem",
                type: "integer",
                nullable: true);

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
                name: "PortalReview",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    RecordId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ProposedById = table.Column<int>(type: "integer", nullable: false),
                    ProposedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedById = table.Column<int>(type: "integer", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    WithdrawnById = table.Column<int>(type: "integer", nullable: true),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalReview", x => x.Id);
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

            migrationBuilder.CreateTable(
                name: "SubmissionEvent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    ById = table.Column<int>(type: "integer", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Fields = table.Column<string>(type: "text", nullable: true)
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
