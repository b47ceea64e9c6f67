using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ToDoStatusIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SupervisionItem_Status_Deadline",
                table: "SupervisionItem",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_Status_UnitId",
                table: "ProgressReport",
                columns: new[] { "Status", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorValue_Status_UnitId",
                table: "IndicatorValue",
                columns: new[] { "Status", "UnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SupervisionItem_Status_Deadline",
                table: "SupervisionItem");

            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_Status_UnitId",
                table: "ProgressReport");

            migrationBuilder.DropIndex(
                name: "IX_IndicatorValue_Status_UnitId",
                table: "IndicatorValue");
        }
    }
}
