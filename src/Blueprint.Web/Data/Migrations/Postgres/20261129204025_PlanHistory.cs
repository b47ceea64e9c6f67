using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlanHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangeReason",
                table: "AnnualPlanEntry",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AnnualPlanRevision",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    KeyProjectId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    PlanType = table.Column<int>(type: "integer", nullable: false),
                    PlannedCompletion = table.Column<bool>(type: "boolean", nullable: false),
                    AnnualPlannedInvestment = table.Column<long>(type: "bigint", nullable: false),
                    PlannedStartMonth = table.Column<int>(type: "integer", nullable: true),
                    PlannedCompletionMonth = table.Column<int>(type: "integer", nullable: true),
                    Removed = table.Column<bool>(type: "boolean", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnualPlanRevision", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnnualPlanRevision_KeyProject_KeyProjectId",
                        column: x => x.KeyProjectId,
                        principalTable: "KeyProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnnualPlanRevision_Unit_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Unit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnualPlanRevision_KeyProjectId",
                table: "AnnualPlanRevision",
                column: "KeyProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnualPlanRevision_UnitId",
                table: "AnnualPlanRevision",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnualPlanRevision_Year_KeyProjectId_RecordedAtUtc",
                table: "AnnualPlanRevision",
                columns: new[] { "Year", "KeyProjectId", "RecordedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnualPlanRevision_Year_RecordedAtUtc",
                table: "AnnualPlanRevision",
                columns: new[] { "Year", "RecordedAtUtc" });

            // Entries made before plan history existed: assume each was approved in the December
            // before its year (as plans are), so past bulletins keep finding them (decision 0009).
            migrationBuilder.Sql(@"INSERT INTO ""AnnualPlanRevision"" (""Year"", ""KeyProjectId"", ""UnitId"", ""PlanType"", ""PlannedCompletion"", ""AnnualPlannedInvestment"", ""PlannedStartMonth"", ""PlannedCompletionMonth"", ""Removed"", ""Reason"", ""RecordedBy"", ""RecordedAtUtc"") SELECT ""Year"", ""KeyProjectId"", ""UnitId"", ""PlanType"", ""PlannedCompletion"", ""AnnualPlannedInvestment"", ""PlannedStartMonth"", ""PlannedCompletionMonth"", FALSE, NULL, 'migration', make_timestamptz(""Year"" - 1, 12, 20, 0, 0, 0, 'UTC') FROM ""AnnualPlanEntry""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnualPlanRevision");

            migrationBuilder.DropColumn(
                name: "ChangeReason",
                table: "AnnualPlanEntry");
        }
    }
}
