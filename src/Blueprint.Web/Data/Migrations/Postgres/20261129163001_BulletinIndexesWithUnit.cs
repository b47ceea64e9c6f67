using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BulletinIndexesWithUnit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProjectStageChange_KeyProjectId_Stage_OnDate_RecordedAtUtc",
                table: "ProjectStageChange");

            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_KeyProjectId_Year_Month_AcceptedAtUtc_Invest~",
                table: "ProgressReport");

            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_SupersedesId_AcceptedAtUtc",
                table: "ProgressReport");

            migrationBuilder.CreateIndex(
                name: "IX_ProjectStageChange_KeyProjectId_Stage_OnDate_RecordedAtUtc_~",
                table: "ProjectStageChange",
                columns: new[] { "KeyProjectId", "Stage", "OnDate", "RecordedAtUtc", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_KeyProjectId_Year_Month_AcceptedAtUtc_Invest~",
                table: "ProgressReport",
                columns: new[] { "KeyProjectId", "Year", "Month", "AcceptedAtUtc", "InvestmentYearToDate", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_SupersedesId_AcceptedAtUtc_UnitId",
                table: "ProgressReport",
                columns: new[] { "SupersedesId", "AcceptedAtUtc", "UnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProjectStageChange_KeyProjectId_Stage_OnDate_RecordedAtUtc_~",
                table: "ProjectStageChange");

            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_KeyProjectId_Year_Month_AcceptedAtUtc_Invest~",
                table: "ProgressReport");

            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_SupersedesId_AcceptedAtUtc_UnitId",
                table: "ProgressReport");

            migrationBuilder.CreateIndex(
                name: "IX_ProjectStageChange_KeyProjectId_Stage_OnDate_RecordedAtUtc",
                table: "ProjectStageChange",
                columns: new[] { "KeyProjectId", "Stage", "OnDate", "RecordedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_KeyProjectId_Year_Month_AcceptedAtUtc_Invest~",
                table: "ProgressReport",
                columns: new[] { "KeyProjectId", "Year", "Month", "AcceptedAtUtc", "InvestmentYearToDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_SupersedesId_AcceptedAtUtc",
                table: "ProgressReport",
                columns: new[] { "SupersedesId", "AcceptedAtUtc" });
        }
    }
}
