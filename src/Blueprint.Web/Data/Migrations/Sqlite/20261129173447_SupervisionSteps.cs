using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupervisionSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Light",
                table: "SupervisionItem",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LightMarkedAtUtc",
                table: "SupervisionItem",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OriginalDeadline",
                table: "SupervisionItem",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupervisionStep",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SupervisionItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionStep", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionStep_SupervisionItem_SupervisionItemId",
                        column: x => x.SupervisionItemId,
                        principalTable: "SupervisionItem",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionItem_Light_Status",
                table: "SupervisionItem",
                columns: new[] { "Light", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionStep_SupervisionItemId_AtUtc",
                table: "SupervisionStep",
                columns: new[] { "SupervisionItemId", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupervisionStep");

            migrationBuilder.DropIndex(
                name: "IX_SupervisionItem_Light_Status",
                table: "SupervisionItem");

            migrationBuilder.DropColumn(
                name: "Light",
                table: "SupervisionItem");

            migrationBuilder.DropColumn(
                name: "LightMarkedAtUtc",
                table: "SupervisionItem");

            migrationBuilder.DropColumn(
                name: "OriginalDeadline",
                table: "SupervisionItem");
        }
    }
}
