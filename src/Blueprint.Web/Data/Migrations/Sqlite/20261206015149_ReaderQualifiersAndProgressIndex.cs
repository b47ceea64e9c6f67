using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReaderQualifiersAndProgressIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TargetQualifier",
                table: "Indicator",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReport_Year_IsCurrent_Month_UnitId",
                table: "ProgressReport",
                columns: new[] { "Year", "IsCurrent", "Month", "UnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressReport_Year_IsCurrent_Month_UnitId",
                table: "ProgressReport");

            migrationBuilder.DropColumn(
                name: "TargetQualifier",
                table: "Indicator");
        }
    }
}
