namespace ProcedureRegistry.Web.Data;

public enum ReportStatus { Queued, Running, Succeeded, Failed }

/// <summary>
/// A requested outcome report: who asked, with which filters, how far its generation got, and once done the PDF,
/// the JSON and the CSV, all three from one computed <see cref="Features.Reports.OutcomeReport"/>, and the HTML the PDF was printed from.
/// </summary>
public sealed class StoredReport
{
    public const int StepMaxLength = 200, ErrorMaxLength = 2000;

    public long Id { get; private set; }
    public string? RequestedByUserId { get; init; }
    public required string RequestedByName { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    /// <summary>The clinics the report covers, already restricted to the requester's; the list shows a report to users of all of them.</summary>
    public required int[] ClinicIds { get; init; }
    /// <summary>The <see cref="Features.Reports.ReportFilters"/> as JSON.</summary>
    public required string Filters { get; init; }
    public ReportStatus Status { get; set; } = ReportStatus.Queued;
    public int ProgressPercent { get; set; }
    public string? Step { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public byte[]? Pdf { get; set; }
    public string? Json { get; set; }
    public string? Csv { get; set; }
    /// <summary>
    /// The exact HTML document printed to <see cref="Pdf"/>, served as the on-screen report. Null for reports made
    /// before it was stored.
    /// </summary>
    public string? Html { get; set; }
}
