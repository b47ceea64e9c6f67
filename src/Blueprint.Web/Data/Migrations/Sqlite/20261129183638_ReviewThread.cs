using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewThread : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AcceptedAtUtc",
                table: "ReviewSubmission",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AcceptedById",
                table: "ReviewSubmission",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "ReviewSubmission",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MeetingUnit",
                columns: table => new
                {
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingUnit", x => new { x.MeetingId, x.UnitId });
                    table.ForeignKey(
                        name: "FK_MeetingUnit_Meeting_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meeting",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeetingUnit_Unit_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Unit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReviewSubmissionId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SectionKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Target = table.Column<int>(type: "INTEGER", nullable: false),
                    GoalId = table.Column<int>(type: "INTEGER", nullable: true),
                    IndicatorId = table.Column<int>(type: "INTEGER", nullable: true),
                    SupervisionItemId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProblemId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LinkedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewItem_Goal_GoalId",
                        column: x => x.GoalId,
                        principalTable: "Goal",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ReviewItem_Indicator_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "Indicator",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ReviewItem_Problem_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problem",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ReviewItem_ReviewSubmission_ReviewSubmissionId",
                        column: x => x.ReviewSubmissionId,
                        principalTable: "ReviewSubmission",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReviewItem_SupervisionItem_SupervisionItemId",
                        column: x => x.SupervisionItemId,
                        principalTable: "SupervisionItem",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ReviewItem_Unit_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Unit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Meeting_Date",
                table: "Meeting",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingUnit_UnitId",
                table: "MeetingUnit",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItem_GoalId",
                table: "ReviewItem",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItem_IndicatorId",
                table: "ReviewItem",
                column: "IndicatorId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItem_ProblemId",
                table: "ReviewItem",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItem_ReviewSubmissionId",
                table: "ReviewItem",
                column: "ReviewSubmissionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItem_SupervisionItemId",
                table: "ReviewItem",
                column: "SupervisionItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItem_UnitId_ReviewSubmissionId",
                table: "ReviewItem",
                columns: new[] { "UnitId", "ReviewSubmissionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingUnit");

            migrationBuilder.DropTable(
                name: "ReviewItem");

            migrationBuilder.DropIndex(
                name: "IX_Meeting_Date",
                table: "Meeting");

            migrationBuilder.DropColumn(
                name: "AcceptedAtUtc",
                table: "ReviewSubmission");

            migrationBuilder.DropColumn(
                name: "AcceptedById",
                table: "ReviewSubmission");

            migrationBuilder.DropColumn(
                name: "UpdatedAtUtc",
                table: "ReviewSubmission");
        }
    }
}
