using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blueprint.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// The tables that grow by a year at a time (the plan's entries, the monthly reports, the
    /// indicator values) analysed after 1 % of their rows changed instead of autovacuum's 10 %
    /// (decision 0053): a new year's rows are otherwise unknown to the planner for months (a
    /// province's January reports are 4 % of the table), and it plans the year's lists as if
    /// they held one row (the office's missing reports: 27 ms instead of 3).
    /// </summary>
    public partial class AnalyzeYearlyTablesSooner : Migration
    {
        private static readonly string[] Tables = ["AnnualPlanEntry", "ProgressReport", "IndicatorValue"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""ALTER TABLE "{table}" SET (autovacuum_analyze_scale_factor = 0.01);""");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""ALTER TABLE "{table}" RESET (autovacuum_analyze_scale_factor);""");
            }
        }
    }
}
