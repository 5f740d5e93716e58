using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>A report's status page: filters, progress, and what can be viewed or downloaded. Another clinic's report is NotFound.</summary>
public static class GetReport
{
    public sealed record Query(long Id) : IQuery<Result<Model>>;

    public sealed record Model(long Id, string RequestedBy, DateTimeOffset RequestedAt, IReadOnlyList<NameValue> Filters,
        ReportStatus Status, int ProgressPercent, string? Step, string? Error, DateTimeOffset? FinishedAt, long PdfBytes, bool HasHtml)
    {
        public bool InProgress => Status is ReportStatus.Queued or ReportStatus.Running;
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.GenerateReports))
            {
                return Fail.Forbidden();
            }
            var mine = (await scope.ClinicIdsAsync(cancellationToken)).ToArray();
            var r = await db.Reports.AsNoTracking().Where(r => r.Id == query.Id && r.ClinicIds.All(id => mine.Contains(id)))
                .Select(r => new { r.Id, r.RequestedByName, r.RequestedAt, r.Filters, r.Status, r.ProgressPercent, r.Step, r.Error, r.FinishedAt,
                    PdfBytes = r.Pdf == null ? 0 : r.Pdf.Length, HasHtml = r.Html != null })
                .SingleOrDefaultAsync(cancellationToken);
            if (r is null)
            {
                return Fail.NotFound();
            }
            var codes = await db.Clinics.AsNoTracking().Where(c => mine.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, cancellationToken);
            return Result.Ok(new Model(r.Id, r.RequestedByName, r.RequestedAt, ListReports.Describe(r.Filters, codes), r.Status,
                r.ProgressPercent, r.Step, r.Error, r.FinishedAt, r.PdfBytes, r.HasHtml));
        }
    }
}

/// <summary>One of a finished report's documents (PDF, JSON or CSV). Audited: who took which figures, and when.</summary>
public static class DownloadReport
{
    public enum Format { Pdf, Json, Csv }

    public sealed record Query(long Id, Format Format) : IAudited<Result<File>>
    {
        public string AuditAction => "DownloadOutcomeReport";
    }

    public sealed record File(string FileName, string ContentType, byte[] Content);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<File>>
    {
        public async Task<Result<File>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.GenerateReports))
            {
                return Fail.Forbidden();
            }
            var mine = (await scope.ClinicIdsAsync(cancellationToken)).ToArray();
            var visible = db.Reports.AsNoTracking().Finished(query.Id, mine);
            var name = $"outcome-report-{query.Id}";
            File? file = query.Format switch
            {
                Format.Pdf => await visible.Select(r => r.Pdf).SingleOrDefaultAsync(cancellationToken) is { } pdf
                    ? new File(name + ".pdf", "application/pdf", pdf) : null,
                Format.Json => await visible.Select(r => r.Json).SingleOrDefaultAsync(cancellationToken) is { } json
                    ? new File(name + ".json", "application/json", System.Text.Encoding.UTF8.GetBytes(json)) : null,
                _ => await visible.Select(r => r.Csv).SingleOrDefaultAsync(cancellationToken) is { } csv
                    ? new File(name + ".csv", "text/csv; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(csv)) : null,
            };
            return file is null ? Fail.NotFound() : Result.Ok(file, $"report {query.Id} {query.Format}");
        }
    }
}
