using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    KnownAtTicks = table.Column<long>(type: "bigint", nullable: false),
                    Changes = table.Column<long>(type: "bigint", nullable: false),
                    KeptChanges = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Data = table.Column<string>(type: "text", nullable: true)
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
