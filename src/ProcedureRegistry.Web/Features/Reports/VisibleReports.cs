using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>Which reports a user may open: finished ones whose clinics are all theirs (the downloads and the on-screen view).</summary>
internal static class VisibleReports
{
    public static IQueryable<StoredReport> Finished(this IQueryable<StoredReport> reports, long id, int[] clinicIds) =>
        reports.Where(r => r.Id == id && r.Status == ReportStatus.Succeeded && r.ClinicIds.All(c => clinicIds.Contains(c)));
}
