using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Workflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Explanation",
                table: "ProgressReport",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FigureWarnings",
                table: "ProgressReport",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LibraryStatus",
                table: "KeyProject",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ProjectProposalStep",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KeyProjectId = table.Column<int>(type: "integer", nullable: false),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ActorId = table.Column<int>(type: "integer", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectProposalStep", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProjectProposalStep_KeyProject_KeyProjectId",
                        column: x => x.KeyProjectId,
                        principalTable: "KeyProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeyProject_LibraryStatus",
                table: "KeyProject",
                column: "LibraryStatus");

            migrationBuilder.CreateIndex(
                name: "IX_ProjectProposalStep_KeyProjectId_AtUtc",
                table: "ProjectProposalStep",
                columns: new[] { "KeyProjectId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ProjectProposalStep_UnitId",
                table: "ProjectProposalStep",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProjectProposalStep");

            migrationBuilder.DropIndex(
                name: "IX_KeyProject_LibraryStatus",
                table: "KeyProject");

            migrationBuilder.DropColumn(
                name: "Explanation",
                table: "ProgressReport");

            migrationBuilder.DropColumn(
                name: "FigureWarnings",
                table: "ProgressReport");

            migrationBuilder.DropColumn(
                name: "LibraryStatus",
                table: "KeyProject");
        }
    }
}
