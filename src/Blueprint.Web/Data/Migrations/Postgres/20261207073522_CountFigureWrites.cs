using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CountFigureWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FigureWrites",
                table: "AuditChainHead",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.UpdateData(
                table: "AuditChainHead",
                keyColumn: "Id",
                keyValue: 1,
                column: "FigureWrites",
                value: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FigureWrites",
                table: "AuditChainHead");
        }
    }
}
