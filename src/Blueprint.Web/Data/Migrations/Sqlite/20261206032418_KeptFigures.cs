using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeptFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KeptFigure",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    KnownAtTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Changes = table.Column<long>(type: "INTEGER", nullable: false),
                    KeptChanges = table.Column<long>(type: "INTEGER", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeptFigure", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeptFigure_Kind_Year_Month_KnownAtTicks",
                table: "KeptFigure",
                columns: new[] { "Kind", "Year", "Month", "KnownAtTicks" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeptFigure");
        }
    }
}
