using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndicatorValueLightsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_IndicatorValue_IndicatorId_Period_AcceptedAtUtc_UnitId",
                table: "IndicatorValue",
                columns: new[] { "IndicatorId", "Period", "AcceptedAtUtc", "UnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IndicatorValue_IndicatorId_Period_AcceptedAtUtc_UnitId",
                table: "IndicatorValue");
        }
    }
}
