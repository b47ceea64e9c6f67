using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AnnualPlanRevision",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    KeyProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    PlanType = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedCompletion = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnnualPlannedInvestment = table.Column<long>(type: "INTEGER", nullable: false),
                    PlannedStartMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    PlannedCompletionMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    Removed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
            migrationBuilder.Sql(@"INSERT INTO ""AnnualPlanRevision"" (""Year"", ""KeyProjectId"", ""UnitId"", ""PlanType"", ""PlannedCompletion"", ""AnnualPlannedInvestment"", ""PlannedStartMonth"", ""PlannedCompletionMonth"", ""Removed"", ""Reason"", ""RecordedBy"", ""RecordedAtUtc"") SELECT ""Year"", ""KeyProjectId"", ""UnitId"", ""PlanType"", ""PlannedCompletion"", ""AnnualPlannedInvestment"", ""PlannedStartMonth"", ""PlannedCompletionMonth"", 0, NULL, 'migration', printf('%04d-12-20 00:00:00', ""Year"" - 1) FROM ""AnnualPlanEntry""");
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
