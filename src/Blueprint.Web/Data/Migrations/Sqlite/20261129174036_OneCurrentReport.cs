using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneCurrentReport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_KeyProjectId_Year_Month_IsCurrent",
                table: "ProgressReport");

            migrationBuilder.CreateIndex(
                name: "UX_ProgressReport_CurrentPerMonth",
                table: "ProgressReport",
                columns: new[] { "KeyProjectId", "Year", "Month" },
                unique: true,
                filter: "\"IsCurrent\" = TRUE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "UX_ProgressReport_CurrentPerMonth",
                table: "ProgressReport");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_KeyProjectId_Year_Month_IsCurrent",
                table: "ProgressReport",
                columns: new[] { "KeyProjectId", "Year", "Month", "IsCurrent" });
        }
    }
}
