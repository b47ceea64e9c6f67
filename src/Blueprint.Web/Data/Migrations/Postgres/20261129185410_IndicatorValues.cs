using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndicatorValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AcceptedAtUtc",
                table: "IndicatorValue",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AcceptedById",
                table: "IndicatorValue",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewComment",
                table: "IndicatorValue",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<List<decimal>>(
                name: "ScheduleShares",
                table: "Indicator",
                type: "numeric[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<int>(
                name: "ValueKind",
                table: "Indicator",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorValue_IndicatorId_AcceptedAtUtc_UnitId",
                table: "IndicatorValue",
                columns: new[] { "IndicatorId", "AcceptedAtUtc", "UnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorValue_SupersedesId_AcceptedAtUtc_UnitId",
                table: "IndicatorValue",
                columns: new[] { "SupersedesId", "AcceptedAtUtc", "UnitId" });

            // Rows accepted before this column existed count from when they were last recorded.
            migrationBuilder.Sql("UPDATE \"IndicatorValue\" SET \"AcceptedAtUtc\" = \"RecordedAtUtc\" WHERE \"Status\" = 3;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IndicatorValue_IndicatorId_AcceptedAtUtc_UnitId",
                table: "IndicatorValue");

            migrationBuilder.DropIndex(
                name: "IX_IndicatorValue_SupersedesId_AcceptedAtUtc_UnitId",
                table: "IndicatorValue");

            migrationBuilder.DropColumn(
                name: "AcceptedAtUtc",
                table: "IndicatorValue");

            migrationBuilder.DropColumn(
                name: "AcceptedById",
                table: "IndicatorValue");

            migrationBuilder.DropColumn(
                name: "ReviewComment",
                table: "IndicatorValue");

            migrationBuilder.DropColumn(
                name: "ScheduleShares",
                table: "Indicator");

            migrationBuilder.DropColumn(
                name: "ValueKind",
                table: "Indicator");
        }
    }
}
