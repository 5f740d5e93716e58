using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <summary>
    /// Reports stored before small cells were suppressed (issue 10, finding 6) hold figures on fewer than 5 patients
    /// in their PDF, HTML, JSON and CSV, and every report user of their clinics could still download them: their
    /// documents are dropped and they are marked failed with a reason, so they can be requested again and come out
    /// suppressed. Not reversible (the documents are gone), so Down does nothing.
    /// </summary>
    public partial class WithholdReportsMadeBeforeSmallCellSuppression : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE reports
                SET pdf = NULL, html = NULL, json = NULL, csv = NULL, status = 'Failed', progress_percent = 100, step = 'Withdrawn',
                    error = 'Withdrawn: made before figures on fewer than 5 patients were suppressed. Request the report again.'
                WHERE pdf IS NOT NULL OR html IS NOT NULL OR json IS NOT NULL OR csv IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
