using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// Generates a requested report (the job behind /reports/new): computes it with <see cref="ReportComputation"/>,
/// writing progress (percent and step) to its row as it goes so the report's page can show it, then stores the PDF,
/// the HTML it was printed from (the on-screen report), the JSON and the CSV on that row.
/// </summary>
public static class GenerateReport
{
    /// <summary>
    /// Not an <c>ICommand</c>: the job has no user to audit (the request that queued it was audited), and its
    /// progress writes must be visible while it runs, so they are single statements, not one transaction.
    /// </summary>
    public sealed record Command(long ReportId) : IRequest<Result>;

    internal sealed class Handler(IServiceScopeFactory scopes, RegistryDbContext db, ReportComputation computation, TimeProvider clock, ILogger<Handler> logger)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var reportId = command.ReportId;
            // The request enqueues the job after its transaction commits, so the row is there, or never will be.
            var report = await db.Reports.AsNoTracking().Where(r => r.Id == reportId)
                .Select(r => new { r.Filters, r.Status })
                .SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                logger.LogWarning("Outcome report {ReportId} does not exist", reportId);
                return Result.NotFound();
            }
            if (report.Status is ReportStatus.Succeeded)
            {
                return Result.Ok(reportId.ToString());
            }
            try
            {
                var filters = JsonSerializer.Deserialize<ReportFilters>(report.Filters, OutcomeReport.JsonOptions)!;
                await GenerateAsync(reportId, filters, cancellationToken);
                return Result.Ok(reportId.ToString());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Outcome report {ReportId} failed", reportId);
                var message = $"{e.GetType().Name}: {e.Message}";
                await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, ReportStatus.Failed)
                    .SetProperty(r => r.Error, message.Length > StoredReport.ErrorMaxLength ? message[..StoredReport.ErrorMaxLength] : message)
                    .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
                return Result.Conflict(message);
            }
        }

        private async Task GenerateAsync(long reportId, ReportFilters filters, CancellationToken cancellationToken)
        {
            // Each progress write in a scope of its own, so that it never waits on the computation's connection.
            async Task Progress(int percent, string step)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, ReportStatus.Running)
                    .SetProperty(r => r.ProgressPercent, percent)
                    .SetProperty(r => r.Step, step), cancellationToken);
            }

            await Progress(5, "Starting");
            var (model, (html, pdf), timings) = await computation.ComputeDocumentsAsync(filters, Progress, cancellationToken);
            await Progress(90, "Storing the PDF, HTML, JSON and CSV");
            var json = model.ToJson();
            var csv = model.ToCsv();
            await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReportStatus.Succeeded)
                .SetProperty(r => r.ProgressPercent, 100)
                .SetProperty(r => r.Step, "Done")
                .SetProperty(r => r.Pdf, pdf)
                .SetProperty(r => r.Html, html)
                .SetProperty(r => r.Json, json)
                .SetProperty(r => r.Csv, csv)
                .SetProperty(r => r.FinishedAt, clock.GetUtcNow()), cancellationToken);
            logger.LogInformation("Outcome report {ReportId}: extraction {Extraction} ms, statistics {Statistics} ms, PDF {Pdf} ms, {Bytes} bytes",
                reportId, timings.Extraction.TotalMilliseconds, timings.Statistics.TotalMilliseconds, timings.Pdf.TotalMilliseconds, pdf.Length);
        }
    }
}
